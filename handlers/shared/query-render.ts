/** The texts of 查 answers about projects: card, sector investment, 未报送, history of figures. */
import { daysBetween } from '../../src/calendar/dates.ts';
import { type ApprovalItem, approvalState, fiveClearMissing } from '../../src/domain/approvals.ts';
import { formatShare, formatWan } from '../../src/domain/money.ts';
import { dayLabel, monthLabel, whenLabel } from '../../src/format/report.ts';
import type { CountyRow } from '../../src/jobs/bulletin-data.ts';
import type {
  ProjectCard,
  ProjectHistory,
  SectorInvestment,
  UnreportedProject,
} from '../../src/services/project-queries.ts';
import { itemLine } from './approval-words.ts';

const STATE_LABEL: Record<string, string> = {
  current: '当前有效',
  superseded: '已被替换',
  withdrawn: '已撤销',
};

export function renderCard(c: ProjectCard, tz: string, today: string): string {
  const p = c.project;
  const lines = [`【${p.name}】项目编号：${p.code}`];
  lines.push(
    `状态：${p.status}；行业领域：${p.sector}${p.specialCategories?.length ? `（${p.specialCategories.join('、')}）` : ''}；牵头单位：${p.leadUnit ?? '—'}`,
  );
  lines.push(
    `总投资：${formatWan(p.totalInvestment ?? 0)}；计划开工：${plannedLabel(p.plannedStart)}；计划竣工：${plannedLabel(p.plannedEnd)}`,
  );
  lines.push(`年度计划投资：${formatWan(p.annualPlan ?? 0)}`);
  if (c.latest) {
    lines.push(`最新报送：${monthLabel(c.latest.month)} 完成投资${formatWan(c.latest.monthAmount)}`);
    lines.push(`本年累计：${formatWan(c.ytd)}，占年度计划${formatShare(c.ytd, p.annualPlan ?? 0)}`);
    if (c.latest.sinceStartAmount != null) lines.push(`开工累计：${formatWan(c.latest.sinceStartAmount)}`);
  } else {
    lines.push(`${c.year}年尚未报送进度，本年累计${formatWan(0)}`);
  }
  lines.push(
    c.progress
      ? `形象进度：${c.progress.progressText}（${monthLabel(c.progress.month)}）`
      : '形象进度：尚未报送',
  );
  if (p.actualStart) lines.push(`开工日期：${dayLabel(p.actualStart)}`);
  if (p.actualEnd) lines.push(`竣工日期：${dayLabel(p.actualEnd)}`);
  if (p.operationAt) lines.push(`投产日期：${dayLabel(p.operationAt)}`);
  lines.push(...fundsLines(c));
  lines.push(...approvalLines(p.approvals ?? [], today));
  const missing = fiveClearMissing(p);
  lines.push(missing.length ? `五明确：缺${missing.join('、')}` : '五明确：齐全');
  if (c.openProblems.length) {
    lines.push(`在办问题${c.openProblems.length}个：`);
    for (const q of c.openProblems) {
      const who = q.unitName ? `，${q.unitName}` : '';
      const late = q.deadline ? daysBetween(q.deadline, today) : 0;
      const due = q.deadline ? `，${dayLabel(q.deadline)}前${late > 0 ? `（逾期${late}天）` : ''}` : '';
      const what = q.kind === 'task' ? '督办' : q.category;
      lines.push(`#${q.no} ${what}：${q.description}（${q.tier}级${who}${due}）`);
    }
  } else {
    lines.push('在办问题：无');
  }
  if (c.latest) {
    lines.push(`最近报送：${c.names.get(c.latest.reporterId)} ${whenLabel(c.latest.reportedAt, tz)}`);
  }
  return lines.join('\n');
}

/** A planned date: '2021-06' → 2021年6月, '2021-06-30' → 2021年6月30日, none → 未填报. */
function plannedLabel(d: string | null | undefined): string {
  if (!d) return '未填报';
  return /^\d{4}-\d{2}$/.test(d) ? monthLabel(d) : dayLabel(d);
}

function fundsLines(c: ProjectCard): string[] {
  const f = c.funds;
  const p = c.project;
  if (!f.reportedMonths && !p.fundsInPlace && !p.agreedInvestment) return ['资金到位：尚未报送'];
  const parts = [`本年累计${formatWan(f.ytd)}`, `自开工以来累计${formatWan(f.sinceStart)}`];
  if (f.sinceStartBond) parts.push(`其中专项债${formatWan(f.sinceStartBond)}`);
  if (p.agreedInvestment)
    parts.push(
      `协议投资${formatWan(p.agreedInvestment)}，到位率${formatShare(f.sinceStart, p.agreedInvestment)}`,
    );
  const month = f.month ? `${monthLabel(f.month.month)}到位${formatWan(f.month.amount)}；` : '';
  return [`资金到位：${month}${parts.join('，')}`];
}

function approvalLines(items: readonly ApprovalItem[], today: string): string[] {
  if (!items.length) return ['审批事项：未登记'];
  const done = items.filter((a) => approvalState(a, today) === 'done').length;
  const overdue = items.filter((a) => approvalState(a, today) === 'overdue').length;
  const pending = items.length - done;
  const lines = [
    `审批事项${items.length}项：已批复${done}项，未批复${pending}项${overdue ? `（其中逾期${overdue}项）` : ''}`,
  ];
  const order = { overdue: 0, pending: 1, done: 2 } as const;
  const sorted = [...items].sort(
    (a, b) =>
      order[approvalState(a, today)] - order[approvalState(b, today)] || a.deadline.localeCompare(b.deadline),
  );
  for (const a of sorted)
    lines.push(`- ${approvalState(a, today) === 'overdue' ? '【逾期】' : ''}${itemLine(a, today)}`);
  return lines;
}

export function renderSector(s: SectorInvestment): string {
  const name = s.domain === '全部' ? '全县重大项目' : `${s.domain}${s.domain === '五网' ? '' : '领域'}`;
  const planFrom = s.planFrom === 'target' ? '年度投资目标' : '所含项目年度计划投资合计';
  const lines = [
    `${name}${s.year}年投资（${s.projectCount}个项目）：`,
    `本年累计完成${formatWan(s.ytd)}，年度计划${formatWan(s.annualPlan)}（${planFrom}），完成${formatShare(s.ytd, s.annualPlan)}。`,
  ];
  if (s.multi) {
    lines.push(
      `${s.multi.fromYear}—${s.multi.toYear}年累计目标${formatWan(s.multi.target)}，已累计完成${formatWan(s.multi.done)}，完成${formatShare(s.multi.done, s.multi.target)}。`,
    );
  } else {
    lines.push('未录入多年投资目标。');
  }
  return lines.join('\n');
}

export function renderUnreported(
  month: string,
  list: UnreportedProject[],
): { content: string; mentions: string[] } {
  if (!list.length) {
    return { content: `${monthLabel(month)}在建项目均已报送进度（前期项目不在统计范围内）。`, mentions: [] };
  }
  const lines = [`${monthLabel(month)}尚未报送进度的项目共${list.length}个（前期项目不在统计范围内）：`];
  list.forEach((u, i) => {
    const who = u.people.length ? u.people.map((p) => `@${p.name}`).join(' ') : '（未登记项目联系人）';
    lines.push(`${i + 1}. ${u.project.name}：${who}`);
  });
  lines.push('请以上同志尽快报送本月进度，例如：进度 项目简称 本月完成投资1200万元，形象进度：…');
  const mentions = [...new Set(list.flatMap((u) => u.people.map((p) => p.userId)))];
  return { content: lines.join('\n'), mentions };
}

export function renderHistory(h: ProjectHistory, tz: string): string {
  if (!h.reports.length && !h.events.length) return `${h.project.name}尚无报送记录。`;
  const byId = new Map(h.reports.map((r) => [r.id, r]));
  const lines = [`${h.project.name} 报送历史（共${h.reports.length}条进度报送）：`];
  for (const r of h.reports) {
    const figures = [
      `完成投资${formatWan(r.monthAmount)}`,
      `本年累计${formatWan(r.ytdAmount)}${r.ytdGiven ? '' : '（按各月合计）'}`,
    ];
    if (r.sinceStartAmount != null) figures.push(`开工累计${formatWan(r.sinceStartAmount)}`);
    if (r.progressText) figures.push(`形象进度：${r.progressText}`);
    let line = `${monthLabel(r.month)} ${figures.join('，')}；${h.names.get(r.reporterId)} ${whenLabel(r.reportedAt, tz)}报送，消息${r.sourceMsgId ?? '—'}［${STATE_LABEL[r.state] ?? r.state}］`;
    const prev = r.supersedes ? byId.get(String(r.supersedes)) : undefined;
    if (prev) {
      line += `，替换了${whenLabel(prev.reportedAt, tz)}的报送（完成投资${formatWan(prev.monthAmount)}，消息${prev.sourceMsgId ?? '—'}）`;
    }
    if (r.evidence?.length) line += `，附图${r.evidence.length}张`;
    lines.push(`- ${line}`);
  }
  if (h.events.length) {
    lines.push('状态登记：');
    for (const e of h.events) {
      lines.push(
        `- ${dayLabel(e.date)}${e.kind}；${h.names.get(e.reporterId)} ${whenLabel(e.createdAt, tz)}登记，消息${e.sourceMsgId ?? '—'}${e.state === 'withdrawn' ? '［已撤销或被替换］' : ''}`,
      );
    }
  }
  return lines.join('\n');
}

/** 查 忻城县 in a city group: the county's plan, year-to-date, share, colours and overdue problems. */
export function renderCounty(c: CountyRow, today: string): string {
  const year = today.slice(0, 4);
  return [
    `${c.county}重大项目${year}年情况（${c.projects}个项目，截至${dayLabel(today)}）：`,
    `年度计划投资${formatWan(c.annualPlan)}，本年累计完成${formatWan(c.ytd)}，完成${formatShare(c.ytd, c.annualPlan)}。`,
    `红灯${c.red}个、黄灯${c.yellow}个、绿灯${c.green}个。`,
    `在办问题${c.openProblems}个，其中逾期${c.overdueProblems}个。`,
  ].join('\n');
}
