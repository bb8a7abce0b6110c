/** Closed-loop (n requests, c in flight) and open-loop (fixed rate) load against one send function. */
import { type LatencySummary, summarise } from './stats.ts';

export type Send = (i: number) => Promise<{ ok: boolean; ms: number }>;

export async function closedLoop(n: number, concurrency: number, send: Send): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const r = await send(i).catch(() => ({ ok: false, ms: Number.NaN }));
      if (r.ok) latencies.push(r.ms);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return summarise(latencies, errors, (performance.now() - started) / 1000);
}

/**
 * Sends at a fixed rate whatever the answers do. Latency is measured from each request's scheduled
 * time, so a sender that falls behind shows up in the numbers instead of hiding (coordinated omission).
 */
export async function paced(
  n: number,
  rate: number,
  send: Send,
): Promise<LatencySummary & { maxLagMs: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let maxLagMs = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const lag = performance.now() - due;
    if (lag > maxLagMs) maxLagMs = lag;
    inflight.push(
      send(i).then(
        (r) => {
          if (r.ok) latencies.push(r.ms + Math.max(0, lag));
          else errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inflight);
  return { ...summarise(latencies, errors, (performance.now() - started) / 1000), maxLagMs };
}
