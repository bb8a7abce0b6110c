/**
 * Working days, following China's official calendar (法定节假日 and 调休 make-up days) with the
 * 重大办's own overrides on top. Every caller goes through `WorkCalendar`, so a package update or a
 * new override changes no caller.
 */
import { addDays, datesInMonth, weekday } from './dates.ts';
import { officialCalendar } from './official.ts';

export type DaySource = 'override' | 'official' | 'weekday-fallback';

export interface DayInfo {
  workday: boolean;
  /** 国庆节, 春节调休, an override's 名称 … absent for ordinary days. */
  name?: string;
  /** Where the answer came from: an override, the official data, or Mon–Fri for an uncovered year. */
  source: DaySource;
}

export interface WorkCalendar {
  isWorkday(date: string): boolean;
  dayInfo(date: string): DayInfo;
  /** The first working day strictly after `date`. */
  nextWorkday(date: string): string;
  /** The last working day strictly before `date`. */
  previousWorkday(date: string): string;
  workdaysInMonth(month: string): string[];
  lastWorkdayOfMonth(month: string): string | undefined;
  /** true when the official data knows this year's holidays (false → Mon–Fri plus overrides). */
  isCovered(year: number): boolean;
}

/** A 重大办 override (the workbook's 节假日 sheet): 休 = day off, 班 = make-up working day. */
export interface DayOverride {
  date: string;
  type: '休' | '班';
  name?: string;
}

export interface CalendarLog {
  warn(obj: object, msg?: string): void;
}

// Far more than any run of days off in the official calendar; guards against an override table
// that marks a whole year 休.
const SEARCH_LIMIT = 366;

// One warning per logger and year for the life of the process, however often the calendar is
// rebuilt (the scheduler rebuilds it to pick up new overrides).
const warned = new WeakMap<object, Set<number>>();

function warnUncovered(log: CalendarLog, year: number, overrides: number): void {
  let years = warned.get(log);
  if (!years) {
    years = new Set();
    warned.set(log, years);
  }
  if (years.has(year)) return;
  years.add(year);
  log.warn(
    { year, overrides },
    `official holiday data does not cover ${year}: using Monday–Friday plus ${overrides} override(s) from the 节假日 sheet; update chinese-days or import the year's holidays`,
  );
}

export function createWorkCalendar(overrides: readonly DayOverride[], log: CalendarLog): WorkCalendar {
  const official = officialCalendar();
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const overridesInYear = (year: number) => overrides.filter((o) => o.date.startsWith(`${year}-`)).length;

  const dayInfo = (date: string): DayInfo => {
    const day = weekday(date);
    const o = byDate.get(date);
    if (o) return { workday: o.type === '班', name: o.name || undefined, source: 'override' };
    const year = Number(date.slice(0, 4));
    if (!official.covers(year)) {
      warnUncovered(log, year, overridesInYear(year));
      return { workday: day <= 5, source: 'weekday-fallback' };
    }
    const known = official.lookup(date);
    if (known) {
      return {
        workday: known.workday,
        name: known.workday ? `${known.name}调休` : known.name,
        source: 'official',
      };
    }
    return { workday: day <= 5, source: 'official' };
  };

  const isWorkday = (date: string) => dayInfo(date).workday;

  const step = (date: string, dir: 1 | -1): string => {
    let d = date;
    for (let i = 0; i < SEARCH_LIMIT; i++) {
      d = addDays(d, dir);
      if (isWorkday(d)) return d;
    }
    throw new RangeError(`no working day within ${SEARCH_LIMIT} days of ${date}`);
  };

  const workdaysInMonth = (month: string) => datesInMonth(month).filter(isWorkday);

  return {
    isWorkday,
    dayInfo,
    nextWorkday: (date) => step(date, 1),
    previousWorkday: (date) => step(date, -1),
    workdaysInMonth,
    lastWorkdayOfMonth: (month) => workdaysInMonth(month).at(-1),
    isCovered: (year) => official.covers(year),
  };
}

/**
 * The `n`-th working day after `date` (`date` itself does not count): a deadline of "10 working days"
 * from a problem raised on a Friday before National Day lands after the holiday.
 */
export function addWorkdays(cal: Pick<WorkCalendar, 'nextWorkday'>, date: string, n: number): string {
  let d = date;
  for (let i = 0; i < n; i++) d = cal.nextWorkday(d);
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workdaysAfter(cal: Pick<WorkCalendar, 'isWorkday'>, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (cal.isWorkday(d)) n++;
  return n;
}
