/**
 * 重要审批环节 (approval items, one of the 五明确): the rules in one place. An item is done once 批复
 * records the day it was obtained; otherwise it is pending, or overdue after its deadline (the
 * deadline day itself is still in time). Dates are 'YYYY-MM-DD' in BOT_TIMEZONE. Pure: no I/O.
 */
import { daysBetween } from '../calendar/dates.ts';

export interface ApprovalItem {
  name: string;
  deadline: string;
  doneAt?: string | null;
  /** The workbook's deadline at the last import; absent for an item added in chat. */
  importedDeadline?: string | null;
}

export type ApprovalState = 'done' | 'pending' | 'overdue';

/** The item's state on `day` (a past day for the 台账 of a past month: obtained later = not yet). */
export function approvalState(a: ApprovalItem, day: string): ApprovalState {
  if (a.doneAt && a.doneAt <= day) return 'done';
  return a.deadline < day ? 'overdue' : 'pending';
}

/** Calendar days past the deadline on `today` (0 when done or not overdue). */
export function approvalDaysOverdue(a: ApprovalItem, today: string): number {
  return approvalState(a, today) === 'overdue' ? daysBetween(a.deadline, today) : 0;
}

/**
 * How a 批复 date stands against the deadline, in calendar days (design.md): positive = that many
 * days early, negative = late, 0 = on the day.
 */
export function daysBeforeDeadline(deadline: string, doneAt: string): number {
  return daysBetween(doneAt, deadline);
}

/**
 * The item someone means by `typed`: the exact name, else the only item whose name contains it or is
 * contained in it ("环评" → 环评批复). `several` lists the candidates when more than one fits.
 */
export function findApproval<T extends ApprovalItem>(
  items: readonly T[],
  typed: string,
): { item: T } | { several: T[] } | { none: true } {
  const t = typed.replace(/\s+/g, '');
  if (!t) return { none: true };
  const exact = items.find((a) => a.name === t);
  if (exact) return { item: exact };
  const near = items.filter((a) => a.name.includes(t) || t.includes(a.name));
  if (near.length === 1) return { item: near[0]! };
  if (near.length > 1) return { several: near };
  return { none: true };
}

/**
 * What an import makes of a project's items, given what is stored and what the workbook lists now.
 * The later change wins:
 * - an item the workbook lists with the deadline it gave last time keeps what chat made of it (a
 *   deadline moved by 审批 stays moved);
 * - an item whose workbook deadline changed since the last import (or that the workbook lists for the
 *   first time) takes the workbook's deadline;
 * - done stays done: no import clears `doneAt`, whatever the workbook's deadline (the approval was
 *   obtained; the 批复 day is a fact, not a plan);
 * - an item added in chat stays when the workbook does not list it; one the workbook listed before
 *   and no longer lists is dropped, unless it is done (then it stays, as the record of what was done).
 */
export function mergeWorkbookApprovals(
  stored: readonly ApprovalItem[],
  workbook: ReadonlyArray<{ name: string; deadline: string }>,
): ApprovalItem[] {
  const out: ApprovalItem[] = [];
  const listed = new Set(workbook.map((w) => w.name));
  for (const w of workbook) {
    const s = stored.find((x) => x.name === w.name);
    const keepChat = s && s.importedDeadline === w.deadline;
    const item: ApprovalItem = {
      name: w.name,
      deadline: keepChat ? s.deadline : w.deadline,
      importedDeadline: w.deadline,
    };
    if (s?.doneAt) item.doneAt = s.doneAt;
    out.push(item);
  }
  for (const s of stored) {
    if (listed.has(s.name)) continue;
    if (!s.importedDeadline || s.doneAt) out.push(plainItem(s));
  }
  return out;
}

/** The item with only its own fields, none of them empty (what the store keeps). */
export function plainItem(a: ApprovalItem): ApprovalItem {
  const out: ApprovalItem = { name: a.name, deadline: a.deadline };
  if (a.doneAt) out.doneAt = a.doneAt;
  if (a.importedDeadline) out.importedDeadline = a.importedDeadline;
  return out;
}

/** The 五明确 of the plan's 三(一)2, in the plan's order, and what a project must hold for each. */
export const FIVE_CLEAR = [
  '资金筹措方案',
  '耕地占补平衡方案',
  '年度进度目标',
  '年度投资计划',
  '重要审批环节办理时限',
] as const;
export type FiveClear = (typeof FIVE_CLEAR)[number];

export interface FiveClearFacts {
  fundingPlan?: string | null;
  farmlandPlan?: string | null;
  annualTarget?: string | null;
  annualPlan?: number | null;
  approvals?: readonly ApprovalItem[] | null;
}

/**
 * Which of the 五明确 a project lacks: a text that is empty, no 年度计划投资, no approval item with a
 * deadline.
 */
export function fiveClearMissing(p: FiveClearFacts): FiveClear[] {
  const has: Record<FiveClear, boolean> = {
    资金筹措方案: Boolean(p.fundingPlan?.trim()),
    耕地占补平衡方案: Boolean(p.farmlandPlan?.trim()),
    年度进度目标: Boolean(p.annualTarget?.trim()),
    年度投资计划: (p.annualPlan ?? 0) > 0,
    重要审批环节办理时限: (p.approvals ?? []).some((a) => Boolean(a.deadline)),
  };
  return FIVE_CLEAR.filter((k) => !has[k]);
}
