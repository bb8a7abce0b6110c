/** Axis ticks and number labels for charts. */

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
}

/** Round ticks (1, 2, 2.5 or 5 × 10ⁿ) covering [min(0, lo), hi], about `count` of them. */
export function niceScale(lo: number, hi: number, count = 5): Scale {
  const min0 = Math.min(0, lo);
  const max0 = Math.max(0, hi);
  if (max0 === min0) return { min: 0, max: 1, ticks: [0, 1] };
  const raw = (max0 - min0) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const min = Math.floor(min0 / step) * step;
  const max = Math.ceil(max0 / step) * step;
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { min, max, ticks };
}

const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

/** 1234.56 → "1,234.6"; whole numbers stay whole. */
export function formatNumber(v: number): string {
  return grouped.format(v);
}

/** 0.8751 → "87.5%"; a zero or missing base → "—". */
export function formatPercent(part: number, whole: number): string {
  if (!whole || !Number.isFinite(part / whole)) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}
