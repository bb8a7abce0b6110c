/** A scheduler test bench: job deps on this file's FerretDB + Redis, with recorder posts and runners. */
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import { createData } from '../../src/data/index.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/logger.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import type { JobContext, JobDefinition, JobDeps, JobName, PostTarget } from '../../src/schedule/types.ts';
import type { TestServices } from '../helpers/services.ts';

export interface Recorded {
  job: JobName;
  date: string;
  period: string;
  phase?: string;
  month: string;
  instance: string;
}

export interface Bench {
  deps: JobDeps;
  clock: FixedClock;
  runs: Recorded[];
  posts: Array<{ target: PostTarget; reply: Reply; dedupeKey: string }>;
  jobs: Map<JobName, JobDefinition>;
}

/**
 * Jobs whose content records the run and posts one line. `slowMs` keeps a run busy so a second
 * instance can try to start the same period meanwhile.
 */
export function recordingJobs(runs: Recorded[], slowMs = 0): Map<JobName, JobDefinition> {
  const jobs = defaultJobs();
  for (const [name, def] of jobs) {
    jobs.set(name, {
      ...def,
      run: async (ctx: JobContext) => {
        runs.push({
          job: name,
          date: ctx.date,
          period: ctx.period,
          phase: ctx.phase,
          month: ctx.month,
          instance: (ctx.log.bindings() as { instance?: string }).instance ?? '',
        });
        if (slowMs) await new Promise((r) => setTimeout(r, slowMs));
        const posted = await ctx.post(
          { subscription: '日报' },
          { type: 'text', content: `${name} ${ctx.date}` },
        );
        return { posted, summary: `${name} for ${ctx.period}` };
      },
    });
  }
  return jobs;
}

export function bench(
  svc: TestServices,
  config: Config,
  opts: { instance: string; clock?: FixedClock; runs?: Recorded[]; slowMs?: number },
): Bench {
  const redis = new Redis(svc.redisUrl);
  afterAll(() => redis.disconnect());
  const clock = opts.clock ?? new FixedClock('2021-08-16T10:00:00Z');
  const runs = opts.runs ?? [];
  const posts: Bench['posts'] = [];
  const log = createLogger('silent').child({ instance: opts.instance });
  const calendar = createWorkCalendar([], log);
  const deps: JobDeps = {
    config,
    clock,
    log,
    redis,
    data: createData(),
    instanceId: opts.instance,
    calendar: async () => calendar,
    post: async (target, reply, meta) => {
      posts.push({ target, reply, dedupeKey: meta.dedupeKey });
      return 1;
    },
  };
  return { deps, clock, runs, posts, jobs: recordingJobs(runs, opts.slowMs) };
}
