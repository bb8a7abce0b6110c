/**
 * Calendar arithmetic on plain dates (year, month, day) in the bot's zone. The only contact with
 * real time is `todayIn`, which reads the caller's `now` through Intl in the given zone.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Today's date in `timeZone`; an unknown zone falls back to Asia/Shanghai, an invalid `now` to 1970. */
export function todayIn(now: Date, timeZone: string = DEFAULT_TIME_ZONE): CalendarDate {
  const instant = now instanceof Date && Number.isFinite(now.getTime()) ? now : new Date(0);
  let f: Intl.DateTimeFormat;
  try {
    f = formatterFor(timeZone || DEFAULT_TIME_ZONE);
  } catch {
    f = formatterFor(DEFAULT_TIME_ZONE);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1900 &&
    year <= 2200 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function toUtc(d: CalendarDate): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

function fromUtc(ms: number): CalendarDate {
  const x = new Date(ms);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  return fromUtc(toUtc(d) + n * 86_400_000);
}

export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** 1 = Monday … 7 = Sunday, the Chinese week. */
export function isoWeekday(d: CalendarDate): number {
  const w = new Date(toUtc(d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function isoDate(d: CalendarDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

export function isoMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}`;
}
