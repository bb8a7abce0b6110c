import { describe, expect, it } from 'vitest';
import { JobRunModel } from '../../models/job-run.model.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { bench, type Recorded } from './harness.ts';

const { svc } = await connectTestStores();
const config = testConfig(svc);

describe('runJobOnce', () => {
  it('runs a job once per period and says so the second time', async () => {
    const b = bench(svc, config, { instance: 'a' });
    const daily = b.jobs.get('daily')!;
    const first = await runJobOnce(daily, '2021-08-16', b.deps);
    expect(first).toMatchObject({ status: 'done', period: '2021-08-16', outcome: { posted: 1 } });
    const second = await runJobOnce(daily, '2021-08-16', b.deps);
    expect(second).toMatchObject({
      status: 'already-done',
      outcome: { posted: 1, summary: 'daily for 2021-08-16' },
    });
    expect(b.runs).toHaveLength(1);
    const rec = await JobRunModel.findOne({ job: 'daily', period: '2021-08-16' }).lean();
    expect(rec).toMatchObject({ status: 'done', instanceId: 'a', attempts: 1, outcome: { posted: 1 } });
    expect(b.posts.map((p) => p.dedupeKey)).toEqual(['daily:2021-08-16:1']);
  });

  it('re-runs a finished period only with force, with fresh dedupe keys', async () => {
    const b = bench(svc, config, { instance: 'a' });
    const daily = b.jobs.get('daily')!;
    await runJobOnce(daily, '2021-08-17', b.deps);
    const forced = await runJobOnce(daily, '2021-08-17', b.deps, { force: true });
    expect(forced.status).toBe('done');
    expect(b.runs).toHaveLength(2);
    expect(b.posts.map((p) => p.dedupeKey)).toEqual(['daily:2021-08-17:1', 'daily:2021-08-17:1:r1']);
    expect(await JobRunModel.findOne({ job: 'daily', period: '2021-08-17' }).lean()).toMatchObject({
      attempts: 2,
      forcedRuns: 1,
    });
  });

  it('skips a day that is not due, or not a working day for the CLI', async () => {
    const b = bench(svc, config, { instance: 'a' });
    const daily = b.jobs.get('daily')!;
    expect((await runJobOnce(daily, '2021-10-01', b.deps)).status).toBe('not-due');
    const cli = await runJobOnce(daily, '2021-10-01', b.deps, { check: 'workday' });
    expect(cli).toMatchObject({ status: 'not-due' });
    expect(cli.reason).toContain('国庆节');
    // Monthly on an ordinary day still runs from the CLI, for the period containing the date.
    const monthly = await runJobOnce(b.jobs.get('monthly')!, '2021-08-31', b.deps, { check: 'workday' });
    expect(monthly).toMatchObject({ status: 'done', period: '2021-08', phase: 'rollup', month: '2021-08' });
    expect(b.runs.map((r) => r.job)).toEqual(['monthly']);
  });

  it('two instances starting the same period at once run it exactly once', async () => {
    const runs: Recorded[] = [];
    const a = bench(svc, config, { instance: 'a', runs, slowMs: 150 });
    const b = bench(svc, config, { instance: 'b', runs, slowMs: 150 });
    for (const date of ['2021-08-18', '2021-08-19', '2021-08-20']) {
      const results = await Promise.all([
        runJobOnce(a.jobs.get('daily')!, date, a.deps),
        runJobOnce(b.jobs.get('daily')!, date, b.deps),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['busy', 'done']);
    }
    expect(runs).toHaveLength(3);
    expect(a.posts.length + b.posts.length).toBe(3);
  });

  it('holds even when the Redis lock is gone (MongoDB record alone)', async () => {
    const runs: Recorded[] = [];
    const a = bench(svc, config, { instance: 'a', runs, slowMs: 200 });
    const b = bench(svc, config, { instance: 'b', runs });
    const pending = runJobOnce(a.jobs.get('daily')!, '2021-08-23', a.deps);
    await new Promise((r) => setTimeout(r, 80));
    // As if Redis restarted mid-run: the lock vanishes, the running record stays.
    await a.deps.redis.del(`${config.REDIS_KEY_PREFIX}lock:job:daily:2021-08-23`);
    const second = await runJobOnce(b.jobs.get('daily')!, '2021-08-23', b.deps);
    expect(second.status).toBe('busy');
    expect((await pending).status).toBe('done');
    expect(runs).toHaveLength(1);
  });

  it('takes over a run abandoned by a crashed instance once its lease has expired', async () => {
    const b = bench(svc, config, { instance: 'b' });
    const now = b.clock.now();
    await JobRunModel.create({
      job: 'daily',
      period: '2021-08-24',
      date: '2021-08-24',
      status: 'running',
      instanceId: 'crashed',
      token: 'old',
      startedAt: new Date(now.getTime() - 60_000),
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    const early = await runJobOnce(b.jobs.get('daily')!, '2021-08-24', b.deps);
    expect(early.status).toBe('busy');
    b.clock.advance(120_000);
    const late = await runJobOnce(b.jobs.get('daily')!, '2021-08-24', b.deps);
    expect(late.status).toBe('done');
    expect(await JobRunModel.findOne({ job: 'daily', period: '2021-08-24' }).lean()).toMatchObject({
      status: 'done',
      instanceId: 'b',
      attempts: 2,
    });
  });

  it('records a failure and retries it next time', async () => {
    const b = bench(svc, config, { instance: 'a' });
    const daily = b.jobs.get('daily')!;
    let fail = true;
    const flaky = {
      ...daily,
      run: async (ctx: Parameters<typeof daily.run>[0]) => {
        if (fail) throw new Error('WeCom unreachable');
        return daily.run(ctx);
      },
    };
    const r1 = await runJobOnce(flaky, '2021-08-25', b.deps);
    expect(r1).toMatchObject({ status: 'failed', reason: 'WeCom unreachable' });
    expect(await JobRunModel.findOne({ job: 'daily', period: '2021-08-25' }).lean()).toMatchObject({
      status: 'failed',
      error: 'WeCom unreachable',
    });
    fail = false;
    expect((await runJobOnce(flaky, '2021-08-25', b.deps)).status).toBe('done');
    // The retry keeps the dedupe keys, so a message queued before the crash is not sent twice.
    expect(b.posts.map((p) => p.dedupeKey)).toEqual(['daily:2021-08-25:1']);
  });
});
