/**
 * Calendar dates as 'YYYY-MM-DD' strings in the bot's zone (BOT_TIMEZONE). A date string names a
 * day, not an instant, so arithmetic on it is done in UTC where no zone can shift it.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(d: Date, tz: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(d)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar date of an instant in `tz`. */
export function localDate(d: Date, tz: string): string {
  const w = wallClock(d, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The local 'YYYY-MM' of an instant in `tz`. */
export function localMonth(d: Date, tz: string): string {
  return localDate(d, tz).slice(0, 7);
}

/** The local 'HH:MM' of an instant in `tz`. */
export function localTime(d: Date, tz: string): string {
  const w = wallClock(d, tz);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function zoneOffset(ms: number, tz: string): number {
  const w = wallClock(new Date(ms), tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant when the wall clock in `tz` shows `time` on `date`. */
export function zonedTime(date: string, time: string, tz: string): Date {
  const [y, m, d] = parseDate(date);
  const t = TIME_RE.exec(time);
  if (!t) throw new RangeError(`invalid time "${time}", expected HH:MM`);
  const wall = Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2]));
  // Two passes settle the offset even next to a daylight-saving change.
  let guess = wall - zoneOffset(wall, tz);
  guess = wall - zoneOffset(guess, tz);
  return new Date(guess);
}

export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3])
  );
}

export function isValidMonth(month: string): boolean {
  const m = MONTH_RE.exec(month);
  return Boolean(m) && Number(m![2]) >= 1 && Number(m![2]) <= 12;
}

function parseDate(date: string): [number, number, number] {
  if (!isValidDate(date)) throw new RangeError(`invalid date "${date}", expected YYYY-MM-DD`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function utcMs(date: string): number {
  const [y, m, d] = parseDate(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function weekday(date: string): number {
  const d = new Date(utcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, n: number): string {
  return fromUtcMs(utcMs(date) + n * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMs(b) - utcMs(a)) / DAY_MS);
}

/** Monday of the ISO week that contains `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - weekday(date));
}

/** ISO week label, e.g. '2021-W33' (the year is the ISO week-year, which can differ at New Year). */
export function isoWeek(date: string): string {
  const thursday = addDays(date, 4 - weekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${pad(week)}`;
}

export function monthOf(date: string): string {
  parseDate(date);
  return date.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  if (!isValidMonth(month)) throw new RangeError(`invalid month "${month}", expected YYYY-MM`);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

export function daysInMonth(month: string): number {
  if (!isValidMonth(month)) throw new RangeError(`invalid month "${month}", expected YYYY-MM`);
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** Every date of a month, in order. */
export function datesInMonth(month: string): string[] {
  const n = daysInMonth(month);
  return Array.from({ length: n }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** `YYYY-MM-DD` for day `day` of `month`, clamped to the month's length. */
export function dayOfMonth(month: string, day: number): string {
  return `${month}-${pad(Math.min(Math.max(day, 1), daysInMonth(month)))}`;
}
