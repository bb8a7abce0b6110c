import type { Runtime } from '../runtime.ts';
import { loadJobContent } from './content.ts';
import { buildJobDeps } from './job-deps.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';
import type { PostFn } from './types.ts';

/**
 * Starts the scheduler inside `npm start` and stops it (waiting for running jobs) when the runtime
 * stops. Does nothing but return an idle scheduler when SCHEDULER=0.
 */
export async function attachScheduler(runtime: Runtime, opts: { post?: PostFn } = {}): Promise<Scheduler> {
  await loadJobContent();
  const deps = buildJobDeps({
    config: runtime.config,
    log: runtime.log,
    clock: runtime.clock,
    redis: runtime.redis,
    data: runtime.data,
    post: opts.post,
    metrics: runtime.metrics,
  });
  const scheduler = startScheduler(deps);
  runtime.onStop(() => scheduler.stop());
  return scheduler;
}
