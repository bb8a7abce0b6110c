/**
 * 月调度: before the reporting deadline, a reminder naming the contacts who have not reported; after
 * it, the month's roll-up per project (month, 本年累计, share of the annual plan, 形象进度, problems).
 */

import { dayOfMonth, daysBetween } from '../calendar/dates.ts';
import { markdown, type Reply, text } from '../domain/messages.ts';
import { loadDirectory, openProblemNumbers, progressFrom, unreportedContacts } from './data.ts';
import type { ContentEnv } from './env.ts';
import { font, monthLabel, share, shortDay, wan } from './format.ts';
import { unreportedReminder } from './unreported.ts';

export async function buildMonthlyReminder(env: ContentEnv, month: string, today: string): Promise<Reply[]> {
  const deadline = dayOfMonth(month, env.config.REPORT_DEADLINE_DAY);
  const [all, figures, dir] = await Promise.all([
    env.data.library.projects(),
    env.data.figures.all(),
    loadDirectory(env.data),
  ]);
  const { byPerson, projects } = unreportedContacts(month, all, figures);
  if (!byPerson.size && !projects.length) {
    return [text(`${monthLabel(month)}各项目进度均已报送，感谢各位！`)];
  }
  const left = daysBetween(today, deadline);
  const when = left > 0 ? `距截止还有${left}天` : left === 0 ? '今天截止' : `已超过截止日${-left}天`;
  const heading = `【月调度提醒】${monthLabel(month)}进度报送截止日为${shortDay(deadline)}（${when}），以下项目尚未报送本月完成投资和形象进度，请抓紧报送：`;
  const replies = [unreportedReminder(byPerson, dir.personName, heading)];
  const orphans = projects.filter((p) => !p.contactIds.length && !p.commanderIds.length);
  if (orphans.length) {
    replies.push(
      text(
        `以下项目未登记项目联系人，请县重大办督促报送：${orphans.map((p) => p.name).join('、')}`,
        dir.withRole('重大办'),
      ),
    );
  }
  return replies;
}

export interface RollupRow {
  code: string;
  name: string;
  sector: string;
  annualPlan: number;
  reported: boolean;
  monthAmount: number;
  ytd: number;
  share: string;
  progressText: string;
  openProblems: number[];
}

export interface RollupData {
  month: string;
  rows: RollupRow[];
  totals: {
    annualPlan: number;
    monthAmount: number;
    ytd: number;
    share: string;
    reported: number;
    projects: number;
  };
}

export async function computeMonthlyRollup(env: ContentEnv, month: string): Promise<RollupData> {
  const [projects, figures, open] = await Promise.all([
    env.data.library.projects(),
    env.data.figures.all(),
    env.data.problems.list(),
  ]);
  const progress = progressFrom(figures, month);
  const openOf = openProblemNumbers(open);
  const rows: RollupRow[] = projects.map((p) => {
    const g = progress.get(p.code);
    return {
      code: p.code,
      name: p.name,
      sector: p.sector,
      annualPlan: p.annualPlan,
      reported: Boolean(g?.report),
      monthAmount: g?.monthAmount ?? 0,
      ytd: g?.ytd ?? 0,
      share: share(g?.ytd ?? 0, p.annualPlan),
      progressText: g?.progressText ?? '',
      openProblems: openOf(p.code),
    };
  });
  const sum = (f: (r: RollupRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const annualPlan = sum((r) => r.annualPlan);
  const ytd = sum((r) => r.ytd);
  return {
    month,
    rows,
    totals: {
      annualPlan,
      monthAmount: sum((r) => r.monthAmount),
      ytd,
      share: share(ytd, annualPlan),
      reported: rows.filter((r) => r.reported).length,
      projects: rows.length,
    },
  };
}

export async function buildMonthlyRollup(env: ContentEnv, month: string): Promise<Reply[]> {
  const d = await computeMonthlyRollup(env, month);
  const t = d.totals;
  const lines = [
    `## ${monthLabel(month)}重大项目月调度`,
    `全县${t.projects}个项目，${t.reported}个已报送本月进度。本月完成投资**${wan(t.monthAmount)}**，本年累计**${wan(t.ytd)}**，占年度计划${font('info', t.share)}（年度计划${wan(t.annualPlan)}）。`,
    '',
  ];
  for (const r of d.rows) {
    const head = r.reported ? '' : font('comment', '（本月未报送）');
    const problems = r.openProblems.length
      ? `；未办结问题${r.openProblems.length}个（${r.openProblems.map((n) => `#${n}`).join('、')}）`
      : '';
    const progress = r.progressText ? `；形象进度：${r.progressText}` : '';
    lines.push(
      `- **${r.name}**${head}：本月${wan(r.monthAmount)}，本年累计${wan(r.ytd)}，占年度计划${r.share}${progress}${problems}`,
    );
  }
  lines.push('', '注：未报送月份的本年累计按该项目本年最近一次报送数计。');
  return [markdown(lines.join('\n'))];
}
