/**
 * Money is stored as integer 元 (exact, no float drift when summed) and shown in 万元 / 亿元,
 * the units county staff use.
 */

export type Yuan = number;

export function yuanFromWan(wan: number): Yuan {
  return Math.round(wan * 10_000);
}

export function wanFromYuan(yuan: Yuan): number {
  return yuan / 10_000;
}

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '');
}

/** 12_000_000 → "1200万元"; 1_234_567 → "123.46万元". */
export function formatWan(yuan: Yuan, digits = 2): string {
  return `${trim(wanFromYuan(yuan), digits)}万元`;
}

/** 320_000_000 → "3.2亿元"; below 1亿 falls back to 万元. */
export function formatYi(yuan: Yuan, digits = 2): string {
  if (Math.abs(yuan) < 100_000_000) return formatWan(yuan, digits);
  return `${trim(yuan / 100_000_000, digits)}亿元`;
}

/** A share as a percentage with one decimal: (3_200, 10_000) → "32.0%"; no plan → "—". */
export function formatShare(part: number, whole: number): string {
  if (!whole) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}
