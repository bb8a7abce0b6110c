/**
 * The one place that assembles what a job run needs. `npm start` (through attachScheduler) and
 * `npm run job` both call buildJobDeps, so a job posts the same way from either.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import { loadWorkCalendar } from '../calendar/load.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { JobDeps, PostFn } from './types.ts';

export interface JobDepsInput {
  config: Config;
  log: Logger;
  clock: Clock;
  redis: Redis;
  data: Data;
  /**
   * Queues `reply` for every active group subscribed to `target.subscription` through the outbound
   * queue, using `meta.dedupeKey` to drop a message already queued by a crashed run; resolves with
   * the number of groups. Without it, jobs only log what they would post.
   */
  post?: PostFn;
  metrics?: Metrics;
}

/** Logs each message instead of sending it (the default until the outbound queue is wired in). */
export function loggingPost(log: Logger): PostFn {
  return async (target, reply, meta) => {
    const preview =
      reply.type === 'text' || reply.type === 'markdown' ? reply.content.slice(0, 200) : reply.type;
    log.info(
      { subscription: target.subscription, dedupeKey: meta.dedupeKey, preview },
      'would post (no sender wired)',
    );
    return 0;
  };
}

export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export function buildJobDeps(input: JobDepsInput): JobDeps {
  const { config, log, clock, redis, data } = input;
  return {
    config,
    log,
    clock,
    redis,
    data,
    post: input.post ?? loggingPost(log),
    // Rebuilt per run so an imported 节假日 sheet takes effect without a restart.
    calendar: () => loadWorkCalendar({ log, holidays: data.settings.holidays }),
    instanceId: newInstanceId(),
    metrics: input.metrics,
  };
}
