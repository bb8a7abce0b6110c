/**
 * Read-only answers about projects for 查: the project card, a sector's investment against its
 * plan and targets, who has not reported, and a project's history of figures. Returns facts; the
 * query handler writes them out.
 */
import type { Data, FigureRow, ProblemDoc, ProjectDoc, StatusEventDoc, StoredReport } from '../data/index.ts';
import { ytdByYearFrom } from '../domain/figures.ts';
import { type FundsTotals, fundsTotals } from '../domain/funds.ts';
import { inDomain } from '../domain/sectors.ts';

export type { ProjectDoc } from '../data/index.ts';

export interface ProjectCard {
  project: ProjectDoc;
  year: number;
  latest: FigureRow | null;
  ytd: number;
  /** The newest report with a 形象进度 text. */
  progress: FigureRow | null;
  openProblems: ProblemDoc[];
  names: Map<string, string>;
  /** 资金到位 as of `month` (the workbook's figure plus the months reported). */
  funds: FundsTotals;
  /** The month the card's funds are as of (the current one). */
  month: string;
}

export interface SectorInvestment {
  domain: string;
  year: number;
  projectCount: number;
  ytd: number;
  annualPlan: number;
  /** Whether the annual plan is an 投资目标 for the year or the sum of the projects' plans. */
  planFrom: 'target' | 'projects';
  multi: { fromYear: number; toYear: number; target: number; done: number } | null;
}

export interface UnreportedProject {
  project: ProjectDoc;
  /** Who should report: the contacts, or the commanders when there are none. */
  people: Array<{ userId: string; name: string }>;
}

export interface ProjectHistory {
  project: ProjectDoc;
  reports: Array<StoredReport & { state: 'current' | 'superseded' | 'withdrawn' }>;
  events: StatusEventDoc[];
  names: Map<string, string>;
}

export interface ProjectQueries {
  /** The card as of `month` (YYYY-MM, the current month): its year is the month's. */
  card(code: string, month: string): Promise<ProjectCard | null>;
  sector(domain: string, year: number): Promise<SectorInvestment>;
  unreported(month: string): Promise<UnreportedProject[]>;
  history(code: string): Promise<ProjectHistory | null>;
}

export function createProjectQueries(deps: { data: Data }): ProjectQueries {
  const { library, figures, problems, settings, statusEvents, funds } = deps.data;
  return {
    async card(code, month) {
      const year = Number(month.slice(0, 4));
      const project = await library.project(code);
      if (!project) return null;
      const rows = [...(await figures.ofProject(code))].reverse();
      const latest = rows.find((r) => r.year === year) ?? null;
      const progress = rows.find((r) => r.progressText) ?? null;
      const [openProblems, fundsMonths] = await Promise.all([
        problems.list({ projectCode: code }),
        funds.ofProject(code),
      ]);
      const names = await library.personNames([latest?.reporterId ?? '', progress?.reporterId ?? '']);
      return {
        project,
        year,
        month,
        latest,
        ytd: latest?.ytdAmount ?? 0,
        progress,
        openProblems,
        names,
        funds: fundsTotals(fundsMonths, project.fundsInPlace, month),
      };
    },

    async sector(domain, year) {
      const projects = (await library.projects()).filter((p) => inDomain(domain, p));
      const targets = await settings.targetsFor(year, domain);
      const annual = targets.find((t) => t.fromYear === year && t.toYear === year);
      const span = targets
        .filter((t) => t.toYear > t.fromYear)
        .sort((a, b) => b.toYear - b.fromYear - (a.toYear - a.fromYear))[0];
      const wanted = new Set(projects.map((p) => p.code));
      const byYear = ytdByYearFrom(
        wanted.size ? await figures.all() : [],
        span?.fromYear ?? year,
        `${year}-12`,
      );
      const sums = new Map<number, number>();
      for (const [y, perProject] of byYear)
        for (const [code, ytd] of perProject) if (wanted.has(code)) sums.set(y, (sums.get(y) ?? 0) + ytd);
      let done = 0;
      for (const [y, v] of sums) if (span && y >= span.fromYear) done += v;
      return {
        domain,
        year,
        projectCount: projects.length,
        ytd: sums.get(year) ?? 0,
        annualPlan: annual ? annual.target : projects.reduce((s, p) => s + (p.annualPlan ?? 0), 0),
        planFrom: annual ? 'target' : 'projects',
        multi: span ? { fromYear: span.fromYear, toYear: span.toYear, target: span.target, done } : null,
      };
    },

    async unreported(month) {
      // 前期 projects have no construction investment to report yet, so they are not chased.
      const projects = (await library.projects()).filter((p) => p.status !== '前期');
      const done = new Set((await figures.all()).filter((r) => r.month === month).map((r) => r.projectCode));
      const missing = projects.filter((p) => !done.has(p.code)).sort((a, b) => a.code.localeCompare(b.code));
      const who = (p: ProjectDoc) => (p.contactIds.length ? p.contactIds : p.commanderIds);
      const names = await library.personNames(missing.flatMap(who));
      return missing.map((project) => ({
        project,
        people: who(project).map((userId) => ({ userId, name: names.get(userId) ?? userId })),
      }));
    },

    async history(code) {
      const project = await library.project(code);
      if (!project) return null;
      const [reports, events] = await Promise.all([figures.history(code), statusEvents.ofProject(code)]);
      const names = await library.personNames([
        ...reports.map((r) => r.reporterId),
        ...events.map((e) => e.reporterId),
      ]);
      return { project, reports, events, names };
    },
  };
}
