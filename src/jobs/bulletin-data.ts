/**
 * The numbers of the monthly 通报, as a plain object (the markdown and the chart are drawn from it,
 * and tests recompute it from the stored reports).
 *
 * Definitions:
 * - A project's 本年累计 as of month M is its current report for M, else its latest earlier report of
 *   the same year (see data.ts). A domain's figure is the sum over its projects: a 行业领域 by
 *   `sector`, a 专项类别 (五网, 三企入桂 …) by `specialCategories`, 全部 = every project.
 * - 年度计划 of a domain = its annual InvestmentTarget (fromYear = toYear = the year) when there is
 *   one, else Σ 年度计划投资 of its projects (the same rule as 查 <领域> 投资).
 * - Multi-year target: the InvestmentTarget of the domain whose fromYear..toYear contains M's year
 *   (the widest such span); its 累计完成 = Σ over years fromYear..year of each year's 本年累计
 *   (a past year counts its last report of the year; the current year counts as of M).
 * - 三企入桂 四率: src/domain/four-rates.ts (only 三企入桂 projects with 协议投资 and 总投资 ≥ 5,000万元
 *   count). Investment since the start is the latest 开工累计 reported, else the sum of every year's
 *   本年累计; funds in place since the start are the workbook's 资金到位 plus every month reported by
 *   资金 up to M (src/domain/funds.ts).
 * - Overdue approvals: items of the projects of 10亿元 and more and of the 三企入桂 projects not
 *   obtained by `today` and past their deadline.
 * - Problems: open problems (and tasks) per tier; overdue = deadline before `today`.
 */
import { addDays } from '../calendar/dates.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';
import { type ApprovalItem, approvalDaysOverdue } from '../domain/approvals.ts';
import { countyOf } from '../domain/county.ts';
import { FOUR_RATES_CATEGORY, type FourRates, fourRates } from '../domain/four-rates.ts';
import { fundsTotals } from '../domain/funds.ts';
import { isOverdue } from '../domain/problem-rules.ts';
import { inDomain } from '../domain/sectors.ts';
import { SECTORS, SPECIAL_CATEGORIES, TIER_NAMES } from '../domain/vocabulary.ts';
import type { Supervision } from '../services/supervision.ts';
import { completedBy, monthEnd, progressFrom, sinceStartFrom, startedBy, ytdByYearFrom } from './data.ts';
import { judgeRag, type RagColour, schedulePct } from './rag.ts';

export type { Supervision } from '../services/supervision.ts';

export const BIG_PROJECT_YUAN = 1_000_000_000;
export { FOUR_RATES_CATEGORY, type FourRates } from '../domain/four-rates.ts';

export interface DomainFigures {
  domain: string;
  projects: number;
  ytd: number;
  annualPlan: number;
  /** %, null without a plan. */
  annualShare: number | null;
  target: {
    fromYear: number;
    toYear: number;
    amount: number;
    cumulative: number;
    share: number | null;
  } | null;
}

export interface ProjectStanding {
  code: string;
  name: string;
  county: string;
  sector: string;
  status: string;
  totalInvestment: number;
  annualPlan: number;
  ytd: number;
  sharePct: number | null;
  gap: number | null;
  colour: RagColour;
  reasons: string[];
  progressText: string;
}

export interface OverdueApproval {
  code: string;
  name: string;
  /** 10亿元 and more. */
  big: boolean;
  sanqi: boolean;
  item: ApprovalItem;
  daysOverdue: number;
}

export interface BulletinData {
  month: string;
  year: number;
  schedulePct: number;
  /** The RAG thresholds used, in points. */
  gaps: { yellow: number; red: number };
  domains: DomainFigures[];
  sectors: DomainFigures[];
  bigProjects: ProjectStanding[];
  standings: ProjectStanding[];
  fourRates: FourRates;
  overdueApprovals: OverdueApproval[];
  problemsByTier: Array<{ tier: number; name: string; open: number; overdue: number }>;
  /** Set by the bulletin job (or read back from what it made): see Supervision. */
  supervision?: Supervision;
  /** The county it is of, in a deployment of several. */
  county?: string;
}

type Inputs = Awaited<ReturnType<typeof loadInputs>>;

/** Everything a 通报 is computed from, read once whatever the counties it covers. */
async function loadInputs(data: Data, month: string, today: string | undefined) {
  const year = Number(month.slice(0, 4));
  const end = monthEnd(month);
  const asOf = today ?? addDays(end, 1);
  const [projects, figures, targets, events, open, funds] = await Promise.all([
    data.library.projects(),
    data.figures.all(),
    data.settings.targetsFor(year),
    data.statusEvents.upTo(end),
    data.problems.list(),
    data.funds.all(),
  ]);
  const reports = figures.filter((r) => r.month <= month);
  const countyOfCode = new Map(projects.map((p) => [p.code, countyOf(p, data.county)]));
  return {
    month,
    year,
    end,
    asOf,
    home: data.county,
    projects,
    targets,
    events,
    open,
    funds,
    progress: progressFrom(reports, month),
    allYears: ytdByYearFrom(reports, 2000, month),
    sinceStart: sinceStartFrom(reports, month),
    /** A problem's county: its own, else its project's, else the home county. */
    problemCounty: (p: { county?: string | null; projectCode?: string | null }) =>
      p.county || (p.projectCode && countyOfCode.get(p.projectCode)) || data.county,
  };
}

/**
 * The 通报's numbers; `county`: of that county only (its projects, targets and problems), as its
 * groups receive it. Without one, of every project (a one-county deployment).
 */
export async function computeBulletin(
  data: Data,
  config: Pick<Config, 'RAG_YELLOW_GAP' | 'RAG_RED_GAP'>,
  month: string,
  today?: string,
  opts: { county?: string } = {},
): Promise<BulletinData> {
  return bulletinOf(await loadInputs(data, month, today), config, opts.county);
}

function bulletinOf(
  inputs: Inputs,
  config: Pick<Config, 'RAG_YELLOW_GAP' | 'RAG_RED_GAP'>,
  county: string | undefined,
): BulletinData {
  const { month, year, end, asOf, events, funds, progress, allYears, sinceStart } = inputs;
  const inCounty = (c: string) => county === undefined || c === county;
  const projects = inputs.projects.filter((p) => inCounty(countyOf(p, inputs.home)));
  const targets = inputs.targets.filter((t) => inCounty(countyOf(t, inputs.home)));
  const open = inputs.open.filter((p) => inCounty(inputs.problemCounty(p)));
  const ytdOf = (code: string) => progress.get(code)?.ytd ?? 0;

  const domainNames = [
    '全部',
    ...[...SECTORS, ...SPECIAL_CATEGORIES].filter(
      (d) => projects.some((p) => inDomain(d, p)) || targets.some((t) => t.domain === d),
    ),
  ];
  const domains: DomainFigures[] = domainNames.map((domain) => {
    const members = projects.filter((p) => inDomain(domain, p));
    const ytd = members.reduce((n, p) => n + ytdOf(p.code), 0);
    const annual = targets.find((t) => t.domain === domain && t.fromYear === year && t.toYear === year);
    const annualPlan = annual ? annual.target : members.reduce((n, p) => n + p.annualPlan, 0);
    const span = targets
      .filter((t) => t.domain === domain && t.toYear > t.fromYear)
      .sort((a, b) => b.toYear - b.fromYear - (a.toYear - a.fromYear))[0];
    let target: DomainFigures['target'] = null;
    if (span) {
      let cumulative = 0;
      for (let y = span.fromYear; y <= year; y++) {
        const figures = allYears.get(y);
        if (figures) for (const p of members) cumulative += figures.get(p.code) ?? 0;
      }
      target = {
        fromYear: span.fromYear,
        toYear: span.toYear,
        amount: span.target,
        cumulative,
        share: span.target ? (cumulative / span.target) * 100 : null,
      };
    }
    return {
      domain,
      projects: members.length,
      ytd,
      annualPlan,
      annualShare: annualPlan ? (ytd / annualPlan) * 100 : null,
      target,
    };
  });

  const standings: ProjectStanding[] = projects.map((p) => {
    const ytd = ytdOf(p.code);
    const r = judgeRag(
      {
        month,
        annualPlan: p.annualPlan,
        ytd,
        plannedStart: p.plannedStart,
        plannedEnd: p.plannedEnd,
        started: startedBy(p, end, events),
        completed: completedBy(p, end, events),
      },
      { yellow: config.RAG_YELLOW_GAP, red: config.RAG_RED_GAP },
    );
    return {
      code: p.code,
      name: p.name,
      county: countyOf(p, inputs.home),
      sector: p.sector,
      status: p.status,
      totalInvestment: p.totalInvestment,
      annualPlan: p.annualPlan,
      ytd,
      sharePct: r.sharePct,
      gap: r.gap,
      colour: r.colour,
      reasons: r.reasons,
      progressText: progress.get(p.code)?.progressText ?? '',
    };
  });

  const investedSinceStart = (code: string) => {
    const s = sinceStart.get(code);
    if (s !== undefined) return s;
    let n = 0;
    for (const figures of allYears.values()) n += figures.get(code) ?? 0;
    return n;
  };
  const rates = fourRates(
    projects.map((p) => ({
      specialCategories: p.specialCategories,
      totalInvestment: p.totalInvestment,
      agreedInvestment: p.agreedInvestment,
      investedSinceStart: investedSinceStart(p.code),
      fundsSinceStart: fundsTotals(funds.get(p.code) ?? [], p.fundsInPlace, month).sinceStart,
      started: startedBy(p, end, events),
      completed: completedBy(p, end, events),
    })),
  );

  const overdueApprovals: OverdueApproval[] = [];
  for (const p of projects) {
    const big = p.totalInvestment >= BIG_PROJECT_YUAN;
    const sanqi = p.specialCategories.includes(FOUR_RATES_CATEGORY);
    if (!big && !sanqi) continue;
    for (const item of p.approvals ?? []) {
      const daysOverdue = approvalDaysOverdue(item, asOf);
      if (daysOverdue > 0)
        overdueApprovals.push({ code: p.code, name: p.name, big, sanqi, item, daysOverdue });
    }
  }
  overdueApprovals.sort((a, b) => b.daysOverdue - a.daysOverdue || a.code.localeCompare(b.code));

  const problemsByTier = [1, 2, 3, 4].map((tier) => {
    const ofTier = open.filter((p) => p.tier === tier);
    return {
      tier,
      name: TIER_NAMES[tier]!,
      open: ofTier.length,
      overdue: ofTier.filter((p) => isOverdue(p, asOf)).length,
    };
  });

  return {
    month,
    year,
    schedulePct: schedulePct(month),
    gaps: { yellow: config.RAG_YELLOW_GAP, red: config.RAG_RED_GAP },
    domains,
    sectors: domains.filter((d) => (SECTORS as readonly string[]).includes(d.domain)),
    bigProjects: standings.filter((s) => s.totalInvestment >= BIG_PROJECT_YUAN),
    standings,
    fourRates: rates,
    overdueApprovals,
    problemsByTier,
  };
}

/** One county's line of the city 通报, and the card 查 <县区> shows. */
export interface CountyRow {
  county: string;
  projects: number;
  /** 年度计划: the county's 全部 target for the year, else Σ 年度计划投资. */
  annualPlan: number;
  ytd: number;
  /** %, null without a plan. */
  share: number | null;
  red: number;
  yellow: number;
  green: number;
  openProblems: number;
  overdueProblems: number;
}

export interface CityBulletinData {
  month: string;
  year: number;
  schedulePct: number;
  counties: CountyRow[];
  /** Each 行业领域 summed across the counties (each county's plan by its own rule). */
  sectors: DomainFigures[];
  /** Projects of 10亿元 and more of the whole city. */
  bigProjects: ProjectStanding[];
  problemsByTier: Array<{ tier: number; name: string; open: number; overdue: number }>;
}

/** The city 通报 (design.md "A city with several counties"): one row per county, summed sectors. */
export async function computeCityBulletin(
  data: Data,
  config: Pick<Config, 'RAG_YELLOW_GAP' | 'RAG_RED_GAP'>,
  month: string,
  today?: string,
): Promise<CityBulletinData> {
  const inputs = await loadInputs(data, month, today);
  const counties = await data.library.counties();
  const perCounty = counties.map((county) => ({ county, b: bulletinOf(inputs, config, county) }));
  const rows: CountyRow[] = perCounty.map(({ county, b }) => {
    const all = b.domains.find((d) => d.domain === '全部');
    const count = (c: RagColour) => b.standings.filter((s) => s.colour === c).length;
    return {
      county,
      projects: b.standings.length,
      annualPlan: all?.annualPlan ?? 0,
      ytd: all?.ytd ?? 0,
      share: all?.annualShare ?? null,
      red: count('红'),
      yellow: count('黄'),
      green: count('绿'),
      openProblems: b.problemsByTier.reduce((n, t) => n + t.open, 0),
      overdueProblems: b.problemsByTier.reduce((n, t) => n + t.overdue, 0),
    };
  });
  const sectors: DomainFigures[] = SECTORS.flatMap((domain) => {
    const parts = perCounty.flatMap(({ b }) => b.sectors.filter((d) => d.domain === domain));
    if (!parts.length) return [];
    const ytd = parts.reduce((n, d) => n + d.ytd, 0);
    const annualPlan = parts.reduce((n, d) => n + d.annualPlan, 0);
    return [
      {
        domain,
        projects: parts.reduce((n, d) => n + d.projects, 0),
        ytd,
        annualPlan,
        annualShare: annualPlan ? (ytd / annualPlan) * 100 : null,
        target: null,
      },
    ];
  });
  const bigProjects = perCounty
    .flatMap(({ b }) => b.bigProjects)
    .sort((a, b) => b.totalInvestment - a.totalInvestment || a.code.localeCompare(b.code));
  const problemsByTier = [1, 2, 3, 4].map((tier) => {
    const of = perCounty.map(({ b }) => b.problemsByTier.find((t) => t.tier === tier)!);
    return {
      tier,
      name: TIER_NAMES[tier]!,
      open: of.reduce((n, t) => n + t.open, 0),
      overdue: of.reduce((n, t) => n + t.overdue, 0),
    };
  });
  return {
    month,
    year: inputs.year,
    schedulePct: schedulePct(month),
    counties: rows,
    sectors,
    bigProjects,
    problemsByTier,
  };
}
