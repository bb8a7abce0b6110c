/**
 * Counts and times every store round trip mongoose makes (queries through Query#exec, and the
 * collection calls mongoose's debug hook reports), grouped by collection, operation and filter
 * shape, to see which queries a path makes and which of them cost.
 */
import mongoose from 'mongoose';

interface Entry {
  calls: number;
  ms: number;
}

/** The filter's shape: keys and operators, not values. */
function shape(filter: unknown): string {
  if (filter === null || typeof filter !== 'object') return '';
  if (Array.isArray(filter)) return `[${filter.length ? shape(filter[0]) : ''}]`;
  const parts = Object.entries(filter as Record<string, unknown>).map(([k, v]) => {
    const isOp =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !(v instanceof Date) &&
      Object.keys(v).some((x) => x.startsWith('$'));
    return isOp ? `${k}:{${Object.keys(v as object).join(',')}}` : k;
  });
  return `{${parts.join(',')}}`;
}

export function startQueryTrace() {
  const timed = new Map<string, Entry>();
  const seen = new Map<string, number>();
  let on = false;
  const proto = mongoose.Query.prototype as unknown as { exec: (...a: unknown[]) => Promise<unknown> };
  const exec = proto.exec;
  proto.exec = async function (this: mongoose.Query<unknown, unknown>, ...args: unknown[]) {
    if (!on) return exec.apply(this, args);
    const op = (this as unknown as { op?: string }).op ?? '?';
    const key = `${this.model.collection.name}.${op} ${shape(this.getFilter())}`;
    const t = performance.now();
    try {
      return await exec.apply(this, args);
    } finally {
      const e = timed.get(key) ?? { calls: 0, ms: 0 };
      e.calls += 1;
      e.ms += performance.now() - t;
      timed.set(key, e);
    }
  };
  mongoose.set('debug', (coll: string, method: string, filter: unknown) => {
    if (!on) return;
    const key = `${coll}.${method} ${['insertOne', 'insertMany'].includes(method) ? '' : shape(filter)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  return {
    start() {
      timed.clear();
      seen.clear();
      on = true;
    },
    stop() {
      on = false;
    },
    /** Lines sorted by total time; `per` divides counts (e.g. per message). */
    report(per = 1): string[] {
      const lines = [...timed.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(
          ([k, e]) =>
            `  ${(e.calls / per).toFixed(2).padStart(7)} calls  ${(e.ms / e.calls).toFixed(1).padStart(7)} ms each  ${k}`,
        );
      const untimed = [...seen.entries()]
        .filter(([k]) => !timed.has(k.replace(/\.(find|findOne|countDocuments|distinct|updateOne)\b/, '.$1')))
        .map(([k, n]) => `  ${(n / per).toFixed(2).padStart(7)} calls  (driver)        ${k}`);
      return [...lines, ...untimed];
    },
  };
}
