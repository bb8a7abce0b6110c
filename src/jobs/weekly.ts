/**
 * 周报告: what each 联系县领导, 指挥长 and 牵头单位 has on their projects this week (reports received,
 * open problems), and a reminder, with @-mentions, to the contacts who have not reported this month.
 */

import { addDays, isoWeek, monthOf, startOfWeek } from '../calendar/dates.ts';
import { markdown, type Reply, text } from '../domain/messages.ts';
import { dayRange, loadDirectory, type ProjectRow, reportsReceived, unreportedContacts } from './data.ts';
import type { ContentEnv } from './env.ts';
import { font, monthLabel, shortDay } from './format.ts';
import { unreportedReminder } from './unreported.ts';

export interface WeeklyGroup {
  who: string;
  projects: Array<{ code: string; name: string; reportedThisWeek: boolean; openProblems: number }>;
}

export interface WeeklyData {
  week: string;
  from: string;
  to: string;
  reportsThisWeek: number;
  leaders: WeeklyGroup[];
  commanders: WeeklyGroup[];
  units: WeeklyGroup[];
  unreported: Map<string, ProjectRow[]>;
}

function short(p: ProjectRow): string {
  return p.shortName || p.name;
}

export async function computeWeekly(env: ContentEnv, date: string): Promise<WeeklyData> {
  const tz = env.config.BOT_TIMEZONE;
  const monday = startOfWeek(date);
  const sunday = addDays(monday, 6);
  const { from, to } = dayRange(monday, sunday, tz);
  const [projects, dir, figures, open] = await Promise.all([
    env.data.library.projects(),
    loadDirectory(env.data),
    env.data.figures.all(),
    env.data.problems.list(),
  ]);
  const weekReports = reportsReceived(from, to, figures);
  const reported = new Set(weekReports.map((r) => r.projectCode));
  const openBy = new Map<string, number>();
  for (const p of open) if (p.projectCode) openBy.set(p.projectCode, (openBy.get(p.projectCode) ?? 0) + 1);

  const group = (keyOf: (p: ProjectRow) => string[], label: (k: string) => string): WeeklyGroup[] => {
    const by = new Map<string, ProjectRow[]>();
    for (const p of projects) for (const k of keyOf(p)) by.set(k, [...(by.get(k) ?? []), p]);
    return [...by.entries()].map(([k, ps]) => ({
      who: label(k),
      projects: ps.map((p) => ({
        code: p.code,
        name: short(p),
        reportedThisWeek: reported.has(p.code),
        openProblems: openBy.get(p.code) ?? 0,
      })),
    }));
  };

  const { byPerson } = unreportedContacts(monthOf(date), projects, figures);
  return {
    week: isoWeek(date),
    from: monday,
    to: sunday,
    reportsThisWeek: new Set(weekReports.map((r) => `${r.projectCode}|${r.month}`)).size,
    leaders: group((p) => p.leaderIds, dir.personName),
    commanders: group((p) => p.commanderIds, dir.personName),
    units: group(
      (p) => (p.leadUnit ? [p.leadUnit] : []),
      (u) => u,
    ),
    unreported: byPerson,
  };
}

function groupLines(title: string, groups: WeeklyGroup[]): string[] {
  if (!groups.length) return [];
  const lines = ['', `**${title}**`];
  for (const g of groups) {
    const done = g.projects.filter((p) => p.reportedThisWeek).length;
    const problems = g.projects.reduce((n, p) => n + p.openProblems, 0);
    const items = g.projects
      .map((p) => `${p.name}${p.reportedThisWeek ? '✓' : font('comment', '（本周未报送）')}`)
      .join('、');
    const tail = problems ? `，未办结问题${font('warning', String(problems))}个` : '';
    lines.push(`- ${g.who}：联系项目${g.projects.length}个，本周报送${done}个${tail}。${items}`);
  }
  return lines;
}

export async function buildWeekly(env: ContentEnv, date: string): Promise<Reply[]> {
  const d = await computeWeekly(env, date);
  const week = Number(d.week.slice(-2));
  const lines = [
    `## 重大项目周报告 ${d.week.slice(0, 4)}年第${week}周（${shortDay(d.from)}—${shortDay(d.to)}）`,
    `本周收到进度报送 ${d.reportsThisWeek} 条。`,
    ...groupLines('联系县领导', d.leaders),
    ...groupLines('指挥长', d.commanders),
    ...groupLines('牵头单位', d.units),
  ];
  const replies: Reply[] = [markdown(lines.join('\n'))];
  const dir = await loadDirectory(env.data);
  const month = monthOf(date);
  if (d.unreported.size) {
    replies.push(
      unreportedReminder(d.unreported, dir.personName, `${monthLabel(month)}进度尚未报送，请抓紧报送：`),
    );
  } else {
    replies.push(text(`${monthLabel(month)}各项目进度均已报送。`));
  }
  return replies;
}
