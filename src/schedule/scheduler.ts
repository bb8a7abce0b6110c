/**
 * The scheduler inside `npm start`: one croner timer per job at the job's local time in
 * BOT_TIMEZONE. A firing asks the working-day calendar whether today is a run day, then runs the
 * job through runJobOnce (so several instances post once). On start it catches up once on a run
 * that was missed while the bot was down.
 */
import { Cron } from 'croner';
import { addDays, localDate, zonedTime } from '../calendar/dates.ts';
import { jobRegistry } from './registry.ts';
import { type RunResult, runJobOnce } from './run-once.ts';
import type { JobDefinition, JobDeps, JobName } from './types.ts';

/** How far back the start-up catch-up looks for a missed run. */
export const CATCH_UP_DAYS = 7;

export interface Scheduler {
  /** What a timer does when it fires: run the job for today if today is a run day. */
  fire(name: JobName): Promise<RunResult>;
  /** The start-up catch-up (already done once by startScheduler); exposed for tests. */
  catchUp(): Promise<RunResult[]>;
  /** The next firing of each job (empty when SCHEDULER is off). */
  nextRuns(): Partial<Record<JobName, Date>>;
  /** Stops the timers and waits for running jobs to finish. */
  stop(): Promise<void>;
  /** Settles when the start-up catch-up has finished. */
  ready: Promise<void>;
}

export interface SchedulerOptions {
  jobs?: Iterable<JobDefinition>;
  /** false: no timers and no catch-up (tests drive `fire` and `catchUp` by hand). */
  timers?: boolean;
}

/** The most recent run day within the catch-up window whose time has passed. */
export async function missedRunDate(def: JobDefinition, deps: JobDeps): Promise<string | undefined> {
  const tz = deps.config.BOT_TIMEZONE;
  const now = deps.clock.now();
  const today = localDate(now, tz);
  const cal = await deps.calendar();
  for (let i = 0; i <= CATCH_UP_DAYS; i++) {
    const d = addDays(today, -i);
    if (!def.due(d, cal, deps.config)) continue;
    if (zonedTime(d, def.time(deps.config), tz) > now) continue;
    return d;
  }
  return undefined;
}

export function startScheduler(deps: JobDeps, options: SchedulerOptions = {}): Scheduler {
  const { config, log, clock } = deps;
  const jobs = new Map<JobName, JobDefinition>(
    [...(options.jobs ?? jobRegistry.values())].map((d) => [d.name, d]),
  );
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => {});
    return p;
  };

  const defOf = (name: JobName) => {
    const def = jobs.get(name);
    if (!def) throw new RangeError(`unknown job "${name}"`);
    return def;
  };

  const fire = (name: JobName) => {
    const def = defOf(name);
    const today = localDate(clock.now(), config.BOT_TIMEZONE);
    return track(runJobOnce(def, today, deps, { check: 'due', trigger: 'schedule' }));
  };

  const catchUp = async () => {
    const results: RunResult[] = [];
    for (const def of jobs.values()) {
      if (stopped) break;
      try {
        const date = await missedRunDate(def, deps);
        if (!date) continue;
        const cal = await deps.calendar();
        const period = def.period(date, cal, config);
        // Cheap look first: most starts find every period done and need no lock.
        const existing = await deps.data.jobRuns.find(def.name, period);
        if (existing?.status === 'done') continue;
        log.info({ job: def.name, date, period }, 'catching up a run missed while the bot was down');
        results.push(await track(runJobOnce(def, date, deps, { check: 'due', trigger: 'catch-up' })));
      } catch (err) {
        log.error({ err, job: def.name }, 'catch-up failed');
      }
    }
    return results;
  };

  // Unnamed timers: croner keeps named ones in a process-wide list and refuses a second of a name.
  const timers: Array<[JobName, Cron]> = [];
  const useTimers = (options.timers ?? true) && config.SCHEDULER;
  let ready: Promise<void> = Promise.resolve();
  if (useTimers) {
    for (const def of jobs.values()) {
      const [hh, mm] = def.time(config).split(':').map(Number);
      const cron = new Cron(
        `0 ${mm} ${hh} * * *`,
        { timezone: config.BOT_TIMEZONE, protect: true },
        async () => {
          if (stopped) return;
          const r = await fire(def.name);
          if (r.status === 'failed') log.error({ job: def.name, reason: r.reason }, 'scheduled job failed');
        },
      );
      timers.push([def.name, cron]);
    }
    ready = catchUp().then(
      () => undefined,
      (err) => log.error({ err }, 'catch-up failed'),
    );
    log.info({ jobs: [...jobs.keys()], timezone: config.BOT_TIMEZONE }, 'scheduler started');
  }

  return {
    fire,
    catchUp,
    ready,
    nextRuns: () => {
      const out: Partial<Record<JobName, Date>> = {};
      for (const [name, t] of timers) {
        const next = t.nextRun();
        if (next) out[name] = next;
      }
      return out;
    },
    stop: async () => {
      stopped = true;
      for (const [, t] of timers) t.stop();
      await ready;
      await Promise.allSettled([...running]);
    },
  };
}
