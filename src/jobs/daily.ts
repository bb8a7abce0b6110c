/**
 * 日调度 (every working day): starts and completions, reports received, problems raised,
 * resolved and overdue — for one local day.
 */

import { localTime } from '../calendar/dates.ts';
import { markdown, type Reply } from '../domain/messages.ts';
import { isOverdue } from '../domain/problem-rules.ts';
import { problemLine } from '../format/problem.ts';
import { dayRange, loadDirectory, reportsReceived } from './data.ts';
import type { ContentEnv } from './env.ts';
import { font, longDay, monthLabel, share, shortDay, wan } from './format.ts';

const WEEKDAYS = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const TOP_OVERDUE = 10;

export interface DailyData {
  date: string;
  events: Array<{ projectCode: string; name: string; kind: string; date: string }>;
  reports: Array<{
    projectCode: string;
    name: string;
    month: string;
    monthAmount: number;
    ytd: number;
    share: string;
    reporter: string;
    time: string;
  }>;
  raised: number[];
  resolved: number[];
  overdue: number[];
}

export async function computeDaily(
  env: ContentEnv,
  date: string,
): Promise<{ data: DailyData; text: string }> {
  const tz = env.config.BOT_TIMEZONE;
  const { from, to } = dayRange(date, date, tz);
  const { data: store } = env;
  const [projects, dir, eventRows, figures, problemRows] = await Promise.all([
    store.library.projects(),
    loadDirectory(store),
    // An event counts on the day it happened and, when reported late, on the day it was reported.
    store.statusEvents.ofDay(date, from, to),
    store.figures.all(),
    // One query for the three lists: the embedded store reads every problem for each query.
    store.problems.activity(from, to, date),
  ]);
  const reportRows = reportsReceived(from, to, figures);
  const raisedRows = problemRows.filter(
    (p) => p.createdAt >= from && p.createdAt < to && p.status !== 'withdrawn',
  );
  const resolvedRows = problemRows.filter(
    (p) => p.status === 'resolved' && p.resolvedAt && p.resolvedAt >= from && p.resolvedAt < to,
  );
  const overdueRows = problemRows
    .filter((p) => isOverdue(p, date))
    .sort((a, b) => String(a.deadline).localeCompare(String(b.deadline)) || a.no - b.no);
  const byCode = new Map(projects.map((p) => [p.code, p]));
  const name = (code: string) => byCode.get(code)?.name ?? code;

  // A correction the same day replaces the first report: one line per project and month.
  const latest = new Map<string, (typeof reportRows)[number]>();
  for (const r of reportRows) latest.set(`${r.projectCode}|${r.month}`, r);
  const reports = [...latest.values()].map((r) => ({
    projectCode: r.projectCode,
    name: name(r.projectCode),
    month: r.month,
    monthAmount: r.monthAmount,
    ytd: r.ytdAmount,
    share: share(r.ytdAmount, byCode.get(r.projectCode)?.annualPlan ?? 0),
    reporter: dir.personName(r.reporterId),
    time: localTime(r.reportedAt, tz),
  }));
  const events = eventRows.map((e) => ({
    projectCode: e.projectCode,
    name: name(e.projectCode),
    kind: e.kind,
    date: e.date,
  }));

  const data: DailyData = {
    date,
    events,
    reports,
    raised: raisedRows.map((p) => p.no),
    resolved: resolvedRows.map((p) => p.no),
    overdue: overdueRows.map((p) => p.no),
  };

  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay() || 7];
  const lines = [`## 重大项目日调度 ${longDay(date)}（${weekday}）`];
  lines.push('', '**一、开工、竣工和投产**');
  if (!events.length) lines.push('今日无新开工、竣工或投产项目。');
  for (const e of events) {
    const late = e.date === date ? '' : `（${shortDay(e.date)}${e.kind}，今日报送）`;
    lines.push(`- ${font('info', e.kind)}：${e.name}${late}`);
  }
  lines.push('', `**二、今日收到进度报送 ${reports.length} 条**`);
  for (const r of reports) {
    lines.push(
      `- ${r.name} ${monthLabel(r.month)} 完成${wan(r.monthAmount)}，本年累计${wan(r.ytd)}，占年度计划${r.share}（${r.reporter} ${r.time}）`,
    );
  }
  lines.push('', '**三、问题协调**');
  lines.push(`今日新提出 ${raisedRows.length} 个${raisedRows.length ? '：' : '。'}`);
  raisedRows.forEach((p, i) => {
    lines.push(problemLine(p, i + 1, name, date));
  });
  lines.push(`今日办结 ${resolvedRows.length} 个${resolvedRows.length ? '：' : '。'}`);
  resolvedRows.forEach((p, i) => {
    lines.push(problemLine(p, i + 1, name, date));
  });
  if (overdueRows.length) {
    lines.push('', `**${font('warning', `逾期未办结 ${overdueRows.length} 个`)}**`);
    overdueRows.slice(0, TOP_OVERDUE).forEach((p, i) => {
      lines.push(problemLine(p, i + 1, name, date));
    });
    if (overdueRows.length > TOP_OVERDUE)
      lines.push(`……另有 ${overdueRows.length - TOP_OVERDUE} 个，发送“查 问题 逾期”查看全部。`);
  } else {
    lines.push('目前无逾期未办结问题。');
  }
  return { data, text: lines.join('\n') };
}

export async function buildDaily(env: ContentEnv, date: string): Promise<Reply[]> {
  const { text } = await computeDaily(env, date);
  return [markdown(text)];
}
