/**
 * How problems and 督办事项 read in chat: numbers, tiers, deadlines, one-line entries and the full
 * card. Pure functions so replies, summaries and jobs phrase a problem the same way.
 */

import { TIER_NAMES } from '../domain/vocabulary.ts';

/** One step of a problem's history, as the reply shows it. */
export interface HistoryStep {
  at: Date;
  by: string;
  action: string;
  from?: unknown;
  to?: unknown;
  note?: string | null;
  sourceMsgId?: string | null;
}

/** What a problem's wording needs of it (the stored problem has these and more). */
interface Problem {
  no: number;
  kind: string;
  projectCode?: string | null;
  category: string;
  description: string;
  tier: number;
  unitName?: string | null;
  deadline?: string | null;
  status: string;
  history: HistoryStep[];
  resolutionNote?: string | null;
  resolvedAt?: Date | null;
  raisedBy: string;
  createdAt: Date;
}

const CN_DIGITS = ['零', '一', '二', '三', '四'];
const DAY_MS = 86_400_000;

export type ProblemLike = Pick<
  Problem,
  'no' | 'kind' | 'projectCode' | 'category' | 'description' | 'tier' | 'unitName' | 'deadline' | 'status'
> &
  Partial<Pick<Problem, 'history' | 'resolutionNote' | 'resolvedAt' | 'raisedBy' | 'createdAt'>>;

/** 2 → "二级（联系县领导）". */
export function tierLabel(tier: number): string {
  return `${CN_DIGITS[tier] ?? tier}级（${TIER_NAMES[tier] ?? '未知层级'}）`;
}

export function kindLabel(kind: string | null | undefined): string {
  return kind === 'task' ? '督办事项' : '问题';
}

/** '2021-08-20' → "2021年8月20日". */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** '2021-08-30' → "8月30日" (办结时限 in replies). */
export function monthDay(day: string | null | undefined): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(day ?? '');
  return m ? `${Number(m[1])}月${Number(m[2])}日` : (day ?? '');
}

/** Whole days from `deadline` to `today` (both YYYY-MM-DD); positive when overdue. */
export function daysBetween(deadline: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / DAY_MS);
}

const STATUS_LABEL: Record<string, string> = { open: '办理中', resolved: '已办结', withdrawn: '已撤销' };

export function statusLabel(status: string): string {
  return STATUS_LABEL[status] ?? status;
}

/** "8月20日前（逾期3天）" or "" when no deadline. */
export function deadlineNote(p: Pick<Problem, 'deadline' | 'status'>, today: string): string {
  if (!p.deadline) return '';
  const base = `${formatDay(p.deadline)}前`;
  if (p.status !== 'open') return base;
  const late = daysBetween(p.deadline, today);
  if (late > 0) return `${base}（逾期${late}天）`;
  if (late === 0) return `${base}（今天到期）`;
  return base;
}

/** One numbered line of a list: "1. #12 贺巴高速公路(忻城段)【征地拆迁】那湾村3户未签约｜县自然资源局｜二级（联系县领导）｜2021年8月20日前". */
export function problemLine(
  p: ProblemLike,
  index: number,
  projectName: (code: string) => string,
  today: string,
): string {
  const where = p.projectCode ? projectName(p.projectCode) : '';
  const head = `${index}. #${p.no} ${where}${p.kind === 'task' ? '【督办】' : `【${p.category}】`}${p.description}`;
  const parts = [head, p.unitName ?? '未明确责任单位', tierLabel(p.tier)];
  const due = deadlineNote(p, today);
  if (due) parts.push(due);
  if (p.status !== 'open') parts.push(statusLabel(p.status));
  return parts.join('｜');
}

const ACTION_LABEL: Record<string, string> = {
  raise: '登记',
  assign: '交办',
  escalate: '升级',
  resolve: '办结',
  withdraw: '撤销',
  remind: '逾期提醒',
  deadline: '补设办结时限',
};

function describeValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '无';
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(
        ([k, x]) =>
          `${FIELD_LABEL[k] ?? k}：${k === 'tier' ? tierLabel(Number(x)) : k === 'deadline' ? formatDay(String(x ?? '')) || '无' : (x ?? '无')}`,
      )
      .join('，');
  }
  return String(v);
}

const FIELD_LABEL: Record<string, string> = {
  unitName: '责任单位',
  deadline: '办理时限',
  tier: '层级',
  status: '状态',
};

/** One history step: "2021-08-05 张伟 登记（→县自然资源局）". `name` turns userids into names. */
export function historyLine(h: HistoryStep, name: (userId: string) => string, tz: string): string {
  const at = h.at
    ? new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' }).format(h.at)
    : '';
  const who = h.by === 'system' ? '系统' : name(h.by);
  let change = '';
  if (h.action === 'escalate') change = `：${tierLabel(Number(h.from))} → ${tierLabel(Number(h.to))}`;
  else if (h.action === 'raise') change = h.to ? `，责任单位 ${describeValue(h.to)}` : '';
  else if (h.action === 'assign') change = `：${describeValue(h.from)} → ${describeValue(h.to)}`;
  else if (h.action === 'deadline') change = h.to ? `：${formatDay(String(h.to))}` : '';
  const note = h.note ? `（${h.note}）` : '';
  return `${at} ${who} ${ACTION_LABEL[h.action] ?? h.action}${change}${note}`;
}

/** The full card of one problem, with its history. */
export function problemCard(
  p: ProblemLike,
  ctx: {
    projectName: (code: string) => string;
    personName: (userId: string) => string;
    today: string;
    tz: string;
  },
): string {
  const lines = [`${kindLabel(p.kind)} #${p.no}（${statusLabel(p.status)}）`];
  if (p.projectCode) lines.push(`项目：${ctx.projectName(p.projectCode)}`);
  if (p.kind !== 'task') lines.push(`类别：${p.category}`);
  lines.push(`内容：${p.description}`);
  lines.push(`协调层级：${tierLabel(p.tier)}`);
  lines.push(`责任单位：${p.unitName ?? '未明确'}`);
  if (p.deadline) lines.push(`办理时限：${deadlineNote(p, ctx.today)}`);
  if (p.raisedBy) lines.push(`提出人：${ctx.personName(p.raisedBy)}`);
  if (p.status === 'resolved' && p.resolutionNote) lines.push(`办结情况：${p.resolutionNote}`);
  if (p.history?.length) {
    lines.push('办理记录：');
    for (const h of p.history) lines.push(`- ${historyLine(h, ctx.personName, ctx.tz)}`);
  }
  return lines.join('\n');
}
