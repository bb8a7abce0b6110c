/** How report facts are written in replies: months as 2021年8月, instants as local date and time. */
import { localDate, localTime } from '../calendar/dates.ts';

/** '2021-08' → '2021年8月'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** '2021-08-01' → '2021年8月1日'. */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** An instant as the county reads it: '2021-08-20 15:30'. */
export function whenLabel(at: Date, tz: string): string {
  return `${localDate(at, tz)} ${localTime(at, tz)}`;
}
