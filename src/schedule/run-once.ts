/**
 * Runs one job for one date at most once per period, across every bot instance and `npm run job`.
 *
 * Two guards, because each covers the other's gap:
 * - a Redis lease lock (fast, keeps two instances from even starting together; may vanish when
 *   Redis restarts);
 * - a JobRun record in MongoDB with a unique {job, period} index (durable: survives restarts and
 *   says whether the period was already posted). A `running` record past its lease belongs to a
 *   process that died mid-run and is taken over; a `failed` one is retried.
 * When Redis is unreachable the MongoDB record alone still guarantees one run.
 */
import { randomBytes } from 'node:crypto';
import { isValidDate } from '../calendar/dates.ts';
import { AppError } from '../errors.ts';
import { acquireLock, type HeldLock } from './lock.ts';
import type { JobContext, JobDefinition, JobDeps, JobOutcome, MonthlyPhase } from './types.ts';

export type RunStatus = 'done' | 'already-done' | 'busy' | 'failed' | 'not-due';

export interface RunResult {
  status: RunStatus;
  job: JobDefinition['name'];
  title: string;
  date: string;
  period: string;
  month: string;
  phase?: MonthlyPhase;
  /** The outcome of this run, or of the earlier run when already-done. */
  outcome?: JobOutcome;
  /** Why nothing ran (not-due, busy) or what failed. */
  reason?: string;
}

export interface RunOptions {
  /** Re-run a period that is already done (`npm run job -- … --force`). */
  force?: boolean;
  /**
   * What must hold before running: 'due' — the date is a run day of the job (the scheduler);
   * 'workday' — jobs that only run on working days are skipped on days off (`npm run job`);
   * 'none' — no check.
   */
  check?: 'due' | 'workday' | 'none';
  trigger?: 'schedule' | 'catch-up' | 'cli';
  /** How long a run may go without a heartbeat before another process may take it over. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

type Claim =
  | { kind: 'claimed'; forcedRuns: number }
  | { kind: 'already-done'; outcome?: JobOutcome }
  | { kind: 'busy'; reason: string };

async function claim(
  def: JobDefinition,
  date: string,
  period: string,
  token: string,
  deps: JobDeps,
  opts: Required<Pick<RunOptions, 'force' | 'trigger' | 'leaseMs'>>,
): Promise<Claim> {
  const runs = deps.data.jobRuns;
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + opts.leaseMs);
  const fresh = {
    date,
    status: 'running' as const,
    instanceId: deps.instanceId,
    token,
    startedAt: now,
    leaseUntil,
    trigger: opts.trigger,
  };
  if (await runs.create(def.name, period, fresh)) return { kind: 'claimed', forcedRuns: 0 };
  const existing = await runs.find(def.name, period);
  if (!existing) return { kind: 'busy', reason: 'the run record changed while it was being claimed' };
  if (existing.status === 'done' && !opts.force) {
    const o = existing.outcome;
    return {
      kind: 'already-done',
      outcome: o ? { posted: o.posted ?? 0, summary: o.summary ?? '' } : undefined,
    };
  }
  if (existing.status === 'running' && existing.leaseUntil > now) {
    return {
      kind: 'busy',
      reason: `instance ${existing.instanceId} is running it (since ${existing.startedAt.toISOString()})`,
    };
  }
  const forced = existing.status === 'done' ? 1 : 0;
  // Compare-and-set on the previous token: of two processes taking over at once, one matches.
  if (!(await runs.takeOver(existing, fresh, forced === 1)))
    return { kind: 'busy', reason: 'another process took the run over first' };
  return { kind: 'claimed', forcedRuns: (existing.forcedRuns ?? 0) + forced };
}

async function tryLock(deps: JobDeps, key: string, ttlMs: number): Promise<HeldLock | null | 'unavailable'> {
  try {
    return await acquireLock(deps.redis, key, ttlMs);
  } catch (err) {
    deps.log.warn({ err, key }, 'Redis lock unavailable; relying on the MongoDB run record alone');
    return 'unavailable';
  }
}

export async function runJobOnce(
  def: JobDefinition,
  date: string,
  deps: JobDeps,
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await runOnce(def, date, deps, options);
  deps.metrics?.jobRuns.inc({ job: def.name, outcome: result.status });
  if (result.status === 'failed') deps.metrics?.errors.inc({ source: 'job', code: 'job_failed' });
  return result;
}

async function runOnce(
  def: JobDefinition,
  date: string,
  deps: JobDeps,
  options: RunOptions,
): Promise<RunResult> {
  if (!isValidDate(date)) throw new AppError('invalid_input', `invalid date "${date}", expected YYYY-MM-DD`);
  const opts = {
    force: options.force ?? false,
    trigger: options.trigger ?? 'schedule',
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
  };
  const check = options.check ?? 'due';
  const { config, log } = deps;
  const calendar = await deps.calendar();
  const period = def.period(date, calendar, config);
  const scope = def.scope(date, calendar, config);
  const base = { job: def.name, title: def.title, date, period, month: scope.month, phase: scope.phase };

  const day = calendar.dayInfo(date);
  if (check === 'due' && !def.due(date, calendar, config)) {
    return { ...base, status: 'not-due', reason: `${date} is not a run day of ${def.name}` };
  }
  if (check === 'workday' && def.workdaysOnly && !day.workday) {
    const why = day.name ? `${date} 是${day.name}，不是工作日` : `${date} 不是工作日`;
    return { ...base, status: 'not-due', reason: `${why}（${def.title}只在工作日执行）` };
  }

  const lock = await tryLock(deps, `${config.REDIS_KEY_PREFIX}lock:job:${def.name}:${period}`, opts.leaseMs);
  if (lock === null)
    return { ...base, status: 'busy', reason: 'another process holds the lock for this period' };
  const token = lock === 'unavailable' ? randomBytes(12).toString('hex') : lock.token;
  const held = lock === 'unavailable' ? undefined : lock;

  let claimed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const c = await claim(def, date, period, token, deps, opts);
    if (c.kind === 'already-done') return { ...base, status: 'already-done', outcome: c.outcome };
    if (c.kind === 'busy') return { ...base, status: 'busy', reason: c.reason };
    claimed = true;

    heartbeat = setInterval(
      () => {
        const leaseUntil = new Date(deps.clock.now().getTime() + opts.leaseMs);
        void Promise.all([
          held?.extend(opts.leaseMs),
          deps.data.jobRuns.extendLease(def.name, period, token, leaseUntil),
        ]).catch((err) => log.warn({ err, job: def.name, period }, 'job heartbeat failed'));
      },
      Math.max(1000, Math.floor(opts.leaseMs / 3)),
    );
    heartbeat.unref();

    let n = 0;
    const suffix = c.forcedRuns > 0 ? `:r${c.forcedRuns}` : '';
    const ctx: JobContext = {
      job: def.name,
      date,
      period,
      month: scope.month,
      phase: scope.phase,
      forced: c.forcedRuns > 0,
      config,
      clock: deps.clock,
      log: log.child({ job: def.name, period }),
      calendar,
      redis: deps.redis,
      data: deps.data,
      post: async (target, reply) => {
        n += 1;
        const sent = await deps.post(target, reply, {
          dedupeKey: `${def.name}:${period}:${n}${suffix}`,
          job: def.name,
          period,
        });
        return typeof sent === 'number' ? sent : 1;
      },
    };
    log.info({ job: def.name, date, period, trigger: opts.trigger }, 'job started');
    const outcome = await def.run(ctx);
    const finished = await deps.data.jobRuns.finish(def.name, period, token, deps.clock.now(), {
      status: 'done',
      outcome,
    });
    if (!finished) log.warn({ job: def.name, period }, 'job finished after its lease was taken over');
    log.info({ job: def.name, date, period, ...outcome }, 'job done');
    return { ...base, status: 'done', outcome };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error({ err, job: def.name, date, period }, 'job failed');
    if (claimed) {
      await deps.data.jobRuns
        .finish(def.name, period, token, deps.clock.now(), { status: 'failed', error: message })
        .catch((e) => log.warn({ err: e }, 'could not record the job failure'));
    }
    return { ...base, status: 'failed', reason: message };
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    await held?.release().catch(() => false);
  }
}
