import { describe, expect, it } from 'vitest';
import { JobRunModel } from '../../models/job-run.model.ts';
import { addDays, zonedTime } from '../../src/calendar/dates.ts';
import { FixedClock } from '../../src/clock.ts';
import { startScheduler } from '../../src/schedule/scheduler.ts';
import { JOB_NAMES, type JobName } from '../../src/schedule/types.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { bench, type Recorded } from './harness.ts';

const { svc } = await connectTestStores();
const config = testConfig(svc);
const TZ = config.BOT_TIMEZONE;

const byJob = (runs: Recorded[], job: JobName) => runs.filter((r) => r.job === job).map((r) => r.date);

describe('scheduler', () => {
  it('walks February 2024 (春节, 调休 Sunday 02-04 and Saturday 02-18) firing every job every day', async () => {
    const clock = new FixedClock('2024-02-01T00:00:00Z');
    const b = bench(svc, config, { instance: 'walker', clock });
    const scheduler = startScheduler(b.deps, { jobs: b.jobs.values(), timers: false });
    for (let d = '2024-02-01'; d <= '2024-02-29'; d = addDays(d, 1)) {
      for (const name of JOB_NAMES) {
        clock.set(zonedTime(d, b.jobs.get(name)!.time(config), TZ));
        await scheduler.fire(name);
        // A second timer (another instance, or a duplicate firing) the same minute changes nothing.
        await scheduler.fire(name);
      }
    }
    await scheduler.stop();
    const workdays = [
      '2024-02-01',
      '2024-02-02',
      '2024-02-04',
      '2024-02-05',
      '2024-02-06',
      '2024-02-07',
      '2024-02-08',
      '2024-02-09',
      '2024-02-18',
      '2024-02-19',
      '2024-02-20',
      '2024-02-21',
      '2024-02-22',
      '2024-02-23',
      '2024-02-26',
      '2024-02-27',
      '2024-02-28',
      '2024-02-29',
    ];
    expect(byJob(b.runs, 'daily')).toEqual(workdays);
    expect(byJob(b.runs, 'reminders')).toEqual(workdays);
    expect(byJob(b.runs, 'escalations')).toEqual(workdays);
    expect(byJob(b.runs, 'weekly')).toEqual(['2024-02-02', '2024-02-09', '2024-02-18', '2024-02-23']);
    expect(b.runs.filter((r) => r.job === 'monthly').map((r) => [r.date, r.phase, r.period])).toEqual([
      ['2024-02-21', 'reminder', '2024-02:reminder:2024-02-21'],
      ['2024-02-22', 'reminder', '2024-02:reminder:2024-02-22'],
      ['2024-02-23', 'reminder', '2024-02:reminder:2024-02-23'],
      ['2024-02-26', 'rollup', '2024-02'],
    ]);
    expect(b.runs.filter((r) => r.job === 'bulletin').map((r) => [r.date, r.month])).toEqual([
      ['2024-02-05', '2024-01'],
    ]);
    expect(byJob(b.runs, 'agenda')).toEqual(['2024-02-01', '2024-02-18']);
    expect(b.posts).toHaveLength(b.runs.length);
  });

  it('two schedulers sharing Redis and MongoDB fire together and post once', async () => {
    const runs: Recorded[] = [];
    const clock = new FixedClock(zonedTime('2021-09-18', '17:30', TZ)); // 调休 Saturday
    const a = bench(svc, config, { instance: 'a', clock, runs, slowMs: 100 });
    const b = bench(svc, config, { instance: 'b', clock, runs, slowMs: 100 });
    const sa = startScheduler(a.deps, { jobs: a.jobs.values(), timers: false });
    const sb = startScheduler(b.deps, { jobs: b.jobs.values(), timers: false });
    const results = await Promise.all([sa.fire('daily'), sb.fire('daily')]);
    expect(results.map((r) => r.status).sort()).toEqual(['busy', 'done']);
    expect(runs.map((r) => r.date)).toEqual(['2021-09-18']);
    await Promise.all([sa.stop(), sb.stop()]);
  });

  it('catches up once on a run missed while the bot was down, and not again after a restart', async () => {
    const runs: Recorded[] = [];
    // Down from Friday 2021-10-08 morning until Monday 2021-10-11 18:00 (after 17:30).
    const clock = new FixedClock(zonedTime('2021-10-11', '18:00', TZ));
    const on = testConfig(svc, { SCHEDULER: '1' });
    const first = bench(svc, on, { instance: 'first', clock, runs });
    const s1 = startScheduler(first.deps, { jobs: first.jobs.values() });
    await s1.ready;
    await s1.stop();
    const caught = runs.map((r) => `${r.job} ${r.date} ${r.period}`).sort();
    expect(caught).toEqual([
      'agenda 2021-10-08 2021-10-H1', // the first working day on or after 10-01
      'bulletin 2021-10-08 2021-09', // missed on Friday, the first working day after 10-05
      'daily 2021-10-11 2021-10-11',
      'escalations 2021-10-11 2021-10-11',
      'reminders 2021-10-11 2021-10-11',
      'weekly 2021-10-08 2021-W40',
    ]);

    const second = bench(svc, on, { instance: 'second', clock, runs });
    const s2 = startScheduler(second.deps, { jobs: second.jobs.values() });
    await s2.ready;
    expect(s2.nextRuns().daily?.toISOString()).toMatch(/T09:30:00/);
    await s2.stop();
    expect(runs).toHaveLength(caught.length);
    expect(await JobRunModel.countDocuments({ trigger: 'catch-up' })).toBe(caught.length);
  });

  it('with SCHEDULER=0 starts no timers and catches nothing up', async () => {
    const runs: Recorded[] = [];
    const clock = new FixedClock(zonedTime('2021-11-01', '18:00', TZ));
    const b = bench(svc, config, { instance: 'off', clock, runs });
    const s = startScheduler(b.deps, { jobs: b.jobs.values() });
    await s.ready;
    expect(s.nextRuns()).toEqual({});
    await s.stop();
    expect(runs).toEqual([]);
  });
});
