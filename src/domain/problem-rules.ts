/**
 * When a problem or 督办事项 is open, overdue or due soon: the one place these rules are written.
 * Dates are local calendar days 'YYYY-MM-DD' (BOT_TIMEZONE); a deadline is the last day to finish.
 */
import { addDays, daysBetween } from '../calendar/dates.ts';

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
