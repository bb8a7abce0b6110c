/**
 * When a problem or 督办事项 is open, overdue or due soon: the one place these rules are written.
 * Dates are local calendar days 'YYYY-MM-DD' (BOT_TIMEZONE); a deadline is the last day to finish.
 */
import { addDays, daysBetween } from '../calendar/dates.ts';
import { PROBLEM_CATEGORIES, type ProblemCategory } from './vocabulary.ts';

export interface Timed {
  status: string;
  deadline?: string | null;
}

export const isOpen = (p: Pick<Timed, 'status'>): boolean => p.status === 'open';

/** Open and its deadline has passed (the deadline day itself is still in time). */
export function isOverdue(p: Timed, today: string): boolean {
  return isOpen(p) && Boolean(p.deadline) && p.deadline! < today;
}

/** Calendar days past the deadline (0 when not overdue). */
export function daysOverdue(p: Timed, today: string): number {
  return isOverdue(p, today) ? daysBetween(p.deadline!, today) : 0;
}

/** Open with a deadline within `days` calendar days from today, or already past. */
export function isDueWithin(p: Timed, today: string, days: number): boolean {
  return isOpen(p) && Boolean(p.deadline) && p.deadline! <= addDays(today, days);
}

/** Most overdue first, then by number. */
export function byOverdue<T extends Timed & { no: number }>(today: string) {
  return (a: T, b: T) => daysOverdue(b, today) - daysOverdue(a, today) || a.no - b.no;
}

/**
 * Working days a problem or 督办事项 gets when nobody gave it a deadline (design.md: "Every problem
 * and 督办事项 is on a timer"). PROBLEM_DEADLINE_DAYS overrides some or all of them.
 */
export const DEFAULT_DEADLINE_DAYS: Readonly<Record<ProblemCategory, number>> = {
  审批: 10,
  用地: 15,
  征地拆迁: 15,
  资金: 10,
  要素保障: 10,
  建设环境: 5,
  其他: 10,
};

/**
 * "审批=10,用地=15" (also with ：/: and 、/；/; or spaces between pairs) over the defaults; a message
 * naming the fault when a pair does not read (config.ts turns it into its one-line refusal).
 */
export function parseDeadlineDays(text: string): Record<ProblemCategory, number> | string {
  const out: Record<ProblemCategory, number> = { ...DEFAULT_DEADLINE_DAYS };
  const pairs = text
    .split(/[,，;；、\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const pair of pairs) {
    const m = /^([^=:：]+)[=:：](\d{1,3})$/.exec(pair);
    const category = m?.[1]?.trim() as ProblemCategory | undefined;
    if (!m || !category || !(PROBLEM_CATEGORIES as readonly string[]).includes(category)) {
      return `must be 类别=工作日数 pairs such as 审批=10,用地=15 (类别: ${PROBLEM_CATEGORIES.join(' ')}); "${pair}" is not one`;
    }
    const days = Number(m[2]);
    if (days < 1 || days > 365) return `"${pair}": the working days must be 1 to 365`;
    out[category] = days;
  }
  return out;
}
