/**
 * China's official holiday calendar as published by the State Council, from the chinese-days
 * package's data file. We read its data rather than call its functions so that the coverage of
 * each year is known (its functions silently answer Mon–Fri for years it has no data for).
 */
import { createRequire } from 'node:module';

interface ChineseDaysData {
  /** date → "English,中文,days" for days off. */
  holidays: Record<string, string>;
  /** date → "English,中文,days" for 调休 make-up working days. */
  workdays: Record<string, string>;
}

export interface OfficialDay {
  workday: boolean;
  name: string;
}

export interface OfficialCalendar {
  /** The day as published, or undefined when it is an ordinary weekday or weekend day. */
  lookup(date: string): OfficialDay | undefined;
  covers(year: number): boolean;
  years: readonly number[];
}

let cached: OfficialCalendar | undefined;

/** The package's Chinese name: "National Day,国庆节,3" → "国庆节". */
function chineseName(entry: string): string {
  const parts = entry.split(',');
  return parts[1] || parts[0] || '';
}

export function officialCalendar(): OfficialCalendar {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const years = new Set<number>();
  for (const date of Object.keys(data.holidays)) years.add(Number(date.slice(0, 4)));
  const sorted = [...years].sort((a, b) => a - b);
  cached = {
    years: sorted,
    covers: (year) => years.has(year),
    lookup: (date) => {
      const off = data.holidays[date];
      if (off !== undefined) return { workday: false, name: chineseName(off) };
      const on = data.workdays[date];
      if (on !== undefined) return { workday: true, name: chineseName(on) };
      return undefined;
    },
  };
  return cached;
}
