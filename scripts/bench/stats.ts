/** Percentiles, argument parsing and the result table shared by the benchmarks. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface LatencySummary {
  n: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarise(latencies: number[], errors: number, seconds: number): LatencySummary {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    n: s.length,
    errors,
    seconds,
    perSecond: s.length / seconds,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

export function median(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

/** `--name value` or `--name=value`. */
export function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

export function numberFlag(argv: readonly string[], name: string, fallback: number): number {
  const v = flag(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${v}")`);
  return n;
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '-');
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map((r) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - width(cell))).join('  '))
    .join('\n');
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

export function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The resident memory of this process while `fn` runs, sampled every 10 ms: its peak, and where it
 * stood before (the high-water mark of rssMb() cannot show a later, smaller phase).
 */
export async function sampleRss<T>(fn: () => Promise<T>): Promise<{ out: T; before: number; peak: number }> {
  const now = () => process.memoryUsage.rss() / 1024 / 1024;
  // Under --expose-gc (npm run bench:summary sets it) each phase starts from what is really live.
  (globalThis as { gc?: () => void }).gc?.();
  const before = now();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, now());
  }, 10);
  try {
    const out = await fn();
    peak = Math.max(peak, now());
    return { out, before, peak };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Each phase's time per unit of size against the smallest run (1.0 = linear, above 1 grows faster
 * than the size): the rows of the growth table the size benchmarks print.
 */
export function growthRows<P extends string>(
  runs: ReadonlyArray<{ size: number; seconds: Partial<Record<P, number>> }>,
  phases: readonly P[],
  label: Record<P, string>,
): string[][] {
  const base = runs[0]!;
  const rows: string[][] = [['phase', ...runs.slice(1).map((r) => `${r.size}/${base.size}`)]];
  for (const p of phases) {
    rows.push([
      label[p],
      ...runs.slice(1).map((r) => {
        const a = base.seconds[p];
        const b = r.seconds[p];
        return a && b ? (b / a / (r.size / base.size)).toFixed(2) : '-';
      }),
    ]);
  }
  return rows;
}
