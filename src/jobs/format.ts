/**
 * Wording shared by the summaries: dates, months, amounts and the small markdown pieces WeCom's
 * group-robot markdown renders (no tables there, so everything is lines).
 */
import { formatShare, formatWan } from '../domain/money.ts';

/** '2021-08' → "2021年8月". */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** '2021-08-16' → "8月16日". */
export function shortDay(day: string | null | undefined): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(day);
  if (!m) return day;
  return m[3] ? `${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

/** '2021-08-16' → "2021年8月16日". */
export function longDay(day: string): string {
  return `${day.slice(0, 4)}年${shortDay(day)}`;
}

export const wan = (yuan: number): string => formatWan(yuan);
export const share = (part: number, whole: number): string => formatShare(part, whole);

/** A percentage already computed (0–100+), one decimal; null → 暂无数据. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '暂无数据'
    : `${value.toFixed(1)}%`;
}

export type Tone = 'info' | 'comment' | 'warning';

export function font(tone: Tone, s: string): string {
  return `<font color="${tone}">${s}</font>`;
}

/** Red / yellow / green as WeCom markdown can colour them (warning = red-orange, comment = grey). */
export function ragBadge(colour: '红' | '黄' | '绿'): string {
  if (colour === '红') return font('warning', '【红】');
  if (colour === '黄') return font('comment', '【黄】');
  return font('info', '【绿】');
}

/** "张伟、李强" from userids, through a name lookup. */
export function names(ids: Iterable<string>, name: (id: string) => string): string {
  return [...ids].map(name).join('、');
}

export function uniq<T>(xs: Iterable<T | null | undefined>): T[] {
  return [...new Set([...xs].filter((x): x is T => x !== null && x !== undefined && x !== ''))];
}
