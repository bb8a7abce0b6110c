/** The texts of 查 answers about projects: card, sector investment, 未报送, history of figures. */
import { formatShare, formatWan } from '../../src/domain/money.ts';
import { dayLabel, monthLabel, whenLabel } from '../../src/format/report.ts';
import type {
  ProjectCard,
  ProjectHistory,
  SectorInvestment,
  UnreportedProject,
} from '../../src/services/project-queries.ts';

const STATE_LABEL: Record<string, string> = {
  current: '当前有效',
  superseded: '已被替换',
  withdrawn: '已撤销',
};

export function renderCard(c: ProjectCard, tz: string, unitHead?: (unit: string) => string): string {
  const p = c.project;
  const lines = [`【${p.name}】项目编号：${p.code}`];
  lines.push(
    `状态：${p.status}；行业领域：${p.sector}${p.specialCategories?.length ? `（${p.specialCategories.join('、')}）` : ''}；牵头单位：${p.leadUnit ?? '—'}`,
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
  if (c.openProblems.length) {
    lines.push(`在办问题${c.openProblems.length}个：`);
    for (const q of c.openProblems) {
      const who = q.unitName ? `，${q.unitName}${unitHead ? unitHead(q.unitName) : ''}` : '';
      const due = q.deadline ? `，${dayLabel(q.deadline)}前` : '';
      lines.push(`#${q.no} ${q.category}：${q.description}（${q.tier}级${who}${due}）`);
    }
  } else {
    lines.push('在办问题：无');
  }
  if (c.latest) {
    lines.push(`最近报送：${c.names.get(c.latest.reporterId)} ${whenLabel(c.latest.reportedAt, tz)}`);
  }
  return lines.join('\n');
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
