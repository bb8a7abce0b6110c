/**
 * 红/黄/绿 for the monthly 通报 (documented rules, see docs in README / this comment):
 *
 * - 序时进度 for month M is M/12 of the annual plan (calendar months, not working days: the county's
 *   plans are set and reviewed by month, and a month-based figure is what people can check by hand).
 * - 投资进度 = 本年累计 ÷ 年度计划投资 × 100 (percentage points).
 * - 红: investment trails 序时进度 by more than RAG_RED_GAP points, or a planned start (计划开工) or
 *   completion (计划竣工) date has passed by the end of M without the 开工 / 竣工·投产 event.
 *   A planned date known only to the month ('2021-06') falls due at the end of that month.
 * - 黄: investment trails 序时进度 by more than RAG_YELLOW_GAP points.
 * - 绿: otherwise. A project without an annual plan is judged on its dates alone.
 */
import { daysInMonth } from '../calendar/dates.ts';

export type RagColour = '红' | '黄' | '绿';

export interface RagInput {
  month: string;
  annualPlan: number;
  ytd: number;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  started: boolean;
  completed: boolean;
}

export interface RagResult {
  colour: RagColour;
  /** 序时进度, %. */
  schedulePct: number;
  /** 本年累计 ÷ 年度计划, %; null without a plan. */
  sharePct: number | null;
  /** Points behind 序时进度 (negative when ahead); null without a plan. */
  gap: number | null;
  reasons: string[];
}

export function schedulePct(month: string): number {
  return (Number(month.slice(5, 7)) / 12) * 100;
}

/** When a planned date falls due: the day itself, or the last day of a month-only date. */
export function dueDay(planned: string): string {
  if (/^\d{4}-\d{2}$/.test(planned)) return `${planned}-${String(daysInMonth(planned)).padStart(2, '0')}`;
  return planned;
}

export function judgeRag(input: RagInput, gaps: { yellow: number; red: number }): RagResult {
  const sched = schedulePct(input.month);
  const sharePct = input.annualPlan > 0 ? (input.ytd / input.annualPlan) * 100 : null;
  const gap = sharePct === null ? null : sched - sharePct;
  const end = `${input.month}-${String(daysInMonth(input.month)).padStart(2, '0')}`;
  const reasons: string[] = [];
  let colour: RagColour = '绿';
  if (input.plannedStart && !input.started && dueDay(input.plannedStart) <= end) {
    colour = '红';
    reasons.push(`计划${input.plannedStart}开工，尚未开工`);
  }
  if (input.plannedEnd && !input.completed && dueDay(input.plannedEnd) <= end) {
    colour = '红';
    reasons.push(`计划${input.plannedEnd}竣工，尚未竣工`);
  }
  if (gap !== null && gap > gaps.red) {
    colour = '红';
    reasons.push(`投资进度${sharePct!.toFixed(1)}%，落后序时进度${gap.toFixed(1)}个百分点`);
  } else if (gap !== null && gap > gaps.yellow) {
    if (colour !== '红') colour = '黄';
    reasons.push(`投资进度${sharePct!.toFixed(1)}%，落后序时进度${gap.toFixed(1)}个百分点`);
  }
  return { colour, schedulePct: sched, sharePct, gap, reasons };
}
