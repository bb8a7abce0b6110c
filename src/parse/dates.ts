/**
 * Dates and months as county staff write them, resolved against `now` in the bot's zone.
 *
 * Year rules (documented because they decide real records):
 * - a day without a year ("8月1日", "8月底") takes the year that puts it nearest to today, so in
 *   late December "1月10日前" is next January and in early January "12月28日" is last December;
 * - a month without a year ("7月", "12月") is by default the most recent such month not after the
 *   current one (reports, 通报, 台账 look back): in January "12月" is last December. Pass
 *   prefer 'nearest' where a month may lie ahead.
 * - "M.D" ("8.1") is read as a date only when it is the whole argument (parseDate), never inside
 *   a sentence, where it is a decimal.
 * A date counts as a deadline when 前 / 之前 / 以前 / 为止 / 内 follows it, or 截止 / 限 precedes it;
 * a year-less deadline that the nearest rule put in the past moves to the next year.
 */
import {
  addDays,
  addMonths,
  type CalendarDate,
  DEFAULT_TIME_ZONE,
  daysBetween,
  daysInMonth,
  isoDate,
  isoMonth,
  isoWeekday,
  isValidDate,
  todayIn,
} from './calendar.ts';
import { parseNumeral } from './chinese-number.ts';
import type { IsoDate, IsoMonth } from './types.ts';

export interface DateContext {
  now: Date;
  timeZone?: string;
}

export interface DateToken {
  date: IsoDate;
  deadline: boolean;
  start: number;
  end: number;
}

export interface MonthToken {
  month: IsoMonth;
  start: number;
  end: number;
}

const M = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const D = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const PART = '(底|末|上旬|中旬|下旬|初)';

type Build = (m: RegExpMatchArray, today: CalendarDate) => CalendarDate | undefined;

function num(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  return parseNumeral(s) ?? Number.NaN;
}

function checked(year: number, month: number, day: number): CalendarDate | undefined {
  return isValidDate(year, month, day) ? { year, month, day } : undefined;
}

/** The year that puts month/day nearest to today. */
function nearest(today: CalendarDate, month: number, day: (y: number) => number): CalendarDate | undefined {
  let best: CalendarDate | undefined;
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const d = checked(year, month, day(year));
    if (!d) continue;
    if (!best || Math.abs(daysBetween(today, d)) < Math.abs(daysBetween(today, best))) best = d;
  }
  return best;
}

function partDay(part: string, year: number, month: number): number {
  if (part === '上旬') return 10;
  if (part === '中旬') return 20;
  if (part === '初') return 5;
  return daysInMonth(year, month);
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

const DATE_RULES: Array<{ re: RegExp; build: Build; yearless?: boolean }> = [
  {
    re: /(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*[日号]?/g,
    build: (m) => checked(num(m[1]), num(m[2]), num(m[3])),
  },
  {
    re: new RegExp(`(\\d{4})\\s*年\\s*${M}\\s*月\\s*${PART}`, 'g'),
    build: (m) => {
      const y = num(m[1]);
      const mo = num(m[2]);
      return isValidDate(y, mo, 1) ? checked(y, mo, partDay(m[3]!, y, mo)) : undefined;
    },
  },
  {
    re: new RegExp(`(?<![\\d.])${M}\\s*月\\s*${D}(?:\\s*[日号]|(?=\\s*(?:前|之前|以前)))`, 'g'),
    build: (m, t) => nearest(t, num(m[1]), () => num(m[2])),
    yearless: true,
  },
  {
    re: new RegExp(`(?<![\\d.])${M}\\s*月(?:份)?\\s*${PART}`, 'g'),
    build: (m, t) => {
      const mo = num(m[1]);
      return isValidDate(t.year, mo, 1) ? nearest(t, mo, (y) => partDay(m[2]!, y, mo)) : undefined;
    },
    yearless: true,
  },
  {
    re: /(本|这个?|当|下个?|上个?)?\s*月\s*(底|末)/g,
    build: (m, t) => {
      const shift = m[1]?.startsWith('下') ? 1 : m[1]?.startsWith('上') ? -1 : 0;
      const { year, month } = addMonths(t.year, t.month, shift);
      return { year, month, day: daysInMonth(year, month) };
    },
  },
  {
    re: /(?:(\d{4})\s*|(今|本|明))?年\s*(底|末)/g,
    build: (m, t) => {
      const year = m[1] ? num(m[1]) : m[2] === '明' ? t.year + 1 : t.year;
      return checked(year, 12, 31);
    },
  },
  {
    re: /今天|今日|明天|明日|后天|昨天|昨日|前天/g,
    build: (m, t) => {
      const shift: Record<string, number> = {
        今天: 0,
        今日: 0,
        明天: 1,
        明日: 1,
        后天: 2,
        昨天: -1,
        昨日: -1,
        前天: -2,
      };
      return addDays(t, shift[m[0]] ?? 0);
    },
  },
  {
    re: /(下下|下|上|本|这)?\s*个?\s*(?:周|星期|礼拜)\s*([一二三四五六日天1-7])/g,
    build: (m, t) => {
      const target = WEEKDAYS[m[2]!] ?? Number(m[2]);
      const weekShift = m[1] === '下下' ? 2 : m[1] === '下' ? 1 : m[1] === '上' ? -1 : 0;
      const monday = addDays(t, 1 - isoWeekday(t));
      return addDays(monday, weekShift * 7 + target - 1);
    },
  },
  {
    re: /(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*个?\s*(天|日|周|星期|月)\s*(内|之内|以内|后|以后)/g,
    build: (m, t) => {
      const n = num(m[1]);
      if (!Number.isFinite(n)) return undefined;
      if (m[2] === '月') {
        const { year, month } = addMonths(t.year, t.month, n);
        return { year, month, day: Math.min(t.day, daysInMonth(year, month)) };
      }
      return addDays(t, m[2] === '周' || m[2] === '星期' ? n * 7 : n);
    },
  },
  {
    re: /(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?![\d/])/g,
    build: (m, t) => nearest(t, num(m[1]), () => num(m[2])),
    yearless: true,
  },
];

const DEADLINE_AFTER = /^\s*(?:前|之前|以前|为止|止|内)/;
const DEADLINE_BEFORE = /(?:截止|限|不晚于|最迟)\s*(?:到|至|于)?\s*$/;

/** Every date expression in the text, in order of position (longest wins at one position). */
export function findDates(text: string, ctx: DateContext): DateToken[] {
  const today = todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
  const found: DateToken[] = [];
  for (const rule of DATE_RULES) {
    for (const m of text.matchAll(rule.re)) {
      let d = rule.build(m, today);
      if (!d) continue;
      const start = m.index!;
      const end = start + m[0].length;
      const deadline =
        /内$/.test(m[0]) ||
        DEADLINE_AFTER.test(text.slice(end)) ||
        DEADLINE_BEFORE.test(text.slice(0, start));
      // A deadline lies ahead: "2月底前" said in August is next February.
      if (deadline && rule.yearless && daysBetween(today, d) < 0) {
        const ahead = rule.build(m, { ...today, year: today.year + 1, month: d.month, day: d.day });
        if (ahead && daysBetween(today, ahead) >= 0) d = ahead;
      }
      found.push({ date: isoDate(d), deadline, start, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateToken[] = [];
  for (const token of found) {
    const last = out[out.length - 1];
    if (last && token.start < last.end) continue;
    out.push(token);
  }
  return out;
}

/** The deadline in a text: the first date marked as one, else the first date. */
export function findDeadline(text: string, ctx: DateContext): DateToken | undefined {
  const dates = findDates(text, ctx);
  return dates.find((d) => d.deadline) ?? dates[0];
}

/**
 * A whole argument that is a date: "2021-08-01", "8月1日", "8.1", "本周五", "月底前".
 * Undefined when anything else is in the text.
 */
export function parseDate(text: string, ctx: DateContext): { date: IsoDate; deadline: boolean } | undefined {
  const s = text.trim();
  const today = todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
  const suffix = /\s*(?:之前|以前|前|为止|止)$/.exec(s);
  const core = suffix ? s.slice(0, suffix.index) : s;
  const dotted = /^(\d{1,2})\.(\d{1,2})$/.exec(core);
  if (dotted) {
    const d = nearest(today, Number(dotted[1]), () => Number(dotted[2]));
    return d ? { date: isoDate(d), deadline: suffix !== null } : undefined;
  }
  const tokens = findDates(s, ctx);
  const only = tokens[0];
  if (tokens.length !== 1 || !only || only.start !== 0) return undefined;
  if (s.slice(only.end).replace(/^\s*(?:之前|以前|前|为止|止)?\s*$/, '') !== '') return undefined;
  return { date: only.date, deadline: only.deadline };
}

const MONTH_RULES: Array<{
  re: RegExp;
  build: (m: RegExpMatchArray, t: CalendarDate, past: boolean) => IsoMonth | undefined;
}> = [
  {
    re: /(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})(?![\d\-/.])\s*(?:月份?)?(?!\s*\d+\s*[日号])/g,
    build: (m) => {
      const y = num(m[1]);
      const mo = num(m[2]);
      return isValidDate(y, mo, 1) ? isoMonth(y, mo) : undefined;
    },
  },
  {
    re: /本月份?|当月|这个月|上个?月份?|下个?月份?/g,
    build: (m, t) => {
      const shift = m[0].startsWith('上') ? -1 : m[0].startsWith('下') ? 1 : 0;
      const { year, month } = addMonths(t.year, t.month, shift);
      return isoMonth(year, month);
    },
  },
  {
    re: new RegExp(
      `(去年|今年|明年|前年)?\\s*(?<![\\d.个])${M}\\s*月(?:份)?(?!\\s*[\\d一二三四五六七八九十]+\\s*[日号])`,
      'g',
    ),
    build: (m, t, past) => {
      const mo = num(m[2]);
      if (!(mo >= 1 && mo <= 12)) return undefined;
      const shift: Record<string, number> = { 前年: -2, 去年: -1, 今年: 0, 明年: 1 };
      if (m[1]) return isoMonth(t.year + (shift[m[1]] ?? 0), mo);
      if (past) return isoMonth(mo <= t.month ? t.year : t.year - 1, mo);
      const d = nearest(t, mo, () => 1);
      return d ? isoMonth(d.year, d.month) : undefined;
    },
  },
];

/** Month expressions in the text, in order ("7月", "本月", "上月", "2021年7月", "2021-07"). */
export function findMonths(
  text: string,
  ctx: DateContext,
  prefer: 'past' | 'nearest' = 'past',
): MonthToken[] {
  const today = todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
  const found: MonthToken[] = [];
  for (const rule of MONTH_RULES) {
    for (const m of text.matchAll(rule.re)) {
      const month = rule.build(m, today, prefer === 'past');
      if (month) found.push({ month, start: m.index!, end: m.index! + m[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: MonthToken[] = [];
  for (const token of found) {
    const last = out[out.length - 1];
    if (last && token.start < last.end) continue;
    out.push(token);
  }
  return out;
}

/** A whole argument that is a month; undefined when anything else is in the text. */
export function parseMonth(
  text: string,
  ctx: DateContext,
  prefer: 'past' | 'nearest' = 'past',
): IsoMonth | undefined {
  const s = text.trim();
  const tokens = findMonths(s, ctx, prefer);
  const only = tokens[0];
  if (tokens.length !== 1 || !only || only.start !== 0 || only.end !== s.length) return undefined;
  return only.month;
}

export function currentMonth(ctx: DateContext): IsoMonth {
  const t = todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
  return isoMonth(t.year, t.month);
}

export function today(ctx: DateContext): IsoDate {
  return isoDate(todayIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE));
}

/** An ISO date moved by `n` days. */
export function addDaysIso(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  return isoDate(addDays({ year: y!, month: m!, day: d! }, n));
}
