/**
 * The sandbox's "today". The demo county's data are of 2021 (its plan, deadlines and holidays), so
 * the sandbox runs on a clock moved back by whole days to the demo period: the time of day stays
 * real (the page's times and the rate limits read true), the date is the demo's.
 */
import { daysBetween, localDate } from '../calendar/dates.ts';
import type { Clock } from '../clock.ts';

/** A working Monday in the demo period: July's reports are in, and August's 通报 is due. */
export const DEMO_TODAY = '2021-08-16';

/** A clock whose local date (in `timeZone`) is `today` when it starts, and that runs on from there. */
export function clockOnDate(today: string, timeZone: string, real: () => number = Date.now): Clock {
  const realToday = localDate(new Date(real()), timeZone);
  const offsetMs = daysBetween(realToday, today) * 86_400_000;
  return { now: () => new Date(real() + offsetMs) };
}

/** The sandbox clock for a date given as YYYY-MM-DD, or the real one for "real". */
export function sandboxClock(today: string, timeZone: string): Clock & { today: string } {
  if (today === 'real') {
    return { now: () => new Date(), today: localDate(new Date(), timeZone) };
  }
  const clock = clockOnDate(today, timeZone);
  return { now: clock.now, today: localDate(clock.now(), timeZone) };
}
