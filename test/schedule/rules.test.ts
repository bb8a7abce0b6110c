import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/dates.ts';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { loadConfig } from '../../src/config.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import { monthlyScope, scheduleSummary, weeklyRunDate } from '../../src/schedule/rules.ts';
import type { JobName } from '../../src/schedule/types.ts';

const config = loadConfig({ NODE_ENV: 'test' });
const cal = createWorkCalendar([], { warn: () => {} });
const jobs = defaultJobs();

function dueDates(name: JobName, from: string, to: string): string[] {
  const def = jobs.get(name)!;
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (def.due(d, cal, config)) out.push(d);
  return out;
}

describe('due rules across 中秋 and 国庆 2021', () => {
  const from = '2021-09-01';
  const to = '2021-10-31';

  it('daily, reminders and escalations run on working days, including 调休 weekends', () => {
    const daily = dueDates('daily', from, to);
    expect(daily).toContain('2021-09-18');
    expect(daily).toContain('2021-09-26');
    expect(daily).toContain('2021-10-09');
    for (const off of ['2021-09-19', '2021-09-20', '2021-09-21', '2021-10-01', '2021-10-07', '2021-10-16']) {
      expect(daily).not.toContain(off);
    }
    expect(daily).toHaveLength(22 + 17);
    expect(dueDates('reminders', from, to)).toEqual(daily);
    expect(dueDates('escalations', from, to)).toEqual(daily);
  });

  it('weekly runs on Fridays, or the week’s last working day when Friday is off', () => {
    expect(dueDates('weekly', from, to)).toEqual([
      '2021-09-03',
      '2021-09-10',
      '2021-09-17',
      '2021-09-24',
      '2021-09-30', // Friday 10-01 is 国庆节
      '2021-10-08',
      '2021-10-15',
      '2021-10-22',
      '2021-10-29',
    ]);
    expect(jobs.get('weekly')!.period('2021-09-30', cal, config)).toBe('2021-W39');
  });

  it('monthly reminds on the three working days before the 25th and rolls up after it', () => {
    // 2021-09-25 is a Saturday; Sunday 09-26 is a 调休 working day.
    expect(dueDates('monthly', from, to)).toEqual([
      '2021-09-22',
      '2021-09-23',
      '2021-09-24',
      '2021-09-26',
      '2021-10-20',
      '2021-10-21',
      '2021-10-22',
      '2021-10-26',
    ]);
    const monthly = jobs.get('monthly')!;
    expect(monthly.scope('2021-09-23', cal, config)).toEqual({ month: '2021-09', phase: 'reminder' });
    expect(monthly.period('2021-09-23', cal, config)).toBe('2021-09:reminder:2021-09-23');
    expect(monthly.scope('2021-09-26', cal, config)).toEqual({ month: '2021-09', phase: 'rollup' });
    expect(monthly.period('2021-09-26', cal, config)).toBe('2021-09');
  });

  it('monthly on other days (npm run job) picks the month the date is about', () => {
    expect(monthlyScope('2021-08-10', cal, config)).toMatchObject({
      month: '2021-08',
      phase: 'reminder',
      due: false,
    });
    expect(monthlyScope('2021-08-31', cal, config)).toMatchObject({
      month: '2021-08',
      phase: 'rollup',
      due: false,
    });
    // With the deadline on the 28th, September 2023's roll-up waits for Saturday October 7 (中秋+国庆).
    const late = { ...config, REPORT_DEADLINE_DAY: 28 };
    expect(monthlyScope('2023-10-07', cal, late)).toMatchObject({
      month: '2023-09',
      phase: 'rollup',
      due: true,
    });
    expect(monthlyScope('2023-10-05', cal, late)).toMatchObject({
      month: '2023-09',
      phase: 'rollup',
      due: false,
    });
  });

  it('bulletin runs on the first working day on or after the 5th, for the previous month', () => {
    expect(dueDates('bulletin', from, to)).toEqual(['2021-09-06', '2021-10-08']);
    expect(jobs.get('bulletin')!.period('2021-10-08', cal, config)).toBe('2021-09');
    expect(jobs.get('bulletin')!.scope('2021-09-06', cal, config)).toEqual({ month: '2021-08' });
  });

  it('follows the configured weekday', () => {
    const monday = { ...config, WEEKLY_SUMMARY_WEEKDAY: 1 };
    // Monday 09-20 is 中秋 → the week's last working day, the 调休 Sunday 09-26.
    expect(weeklyRunDate('2021-09-22', cal, monday)).toBe('2021-09-26');
    expect(weeklyRunDate('2021-10-05', cal, monday)).toBe('2021-10-09');
  });
});

describe('due rules around 春节 2024', () => {
  const from = '2024-02-01';
  const to = '2024-02-29';

  it('schedules every job on the right days of February 2024', () => {
    const daily = dueDates('daily', from, to);
    expect(daily).toEqual([
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
    ]);
    expect(dueDates('weekly', from, to)).toEqual(['2024-02-02', '2024-02-09', '2024-02-18', '2024-02-23']);
    expect(dueDates('monthly', from, to)).toEqual(['2024-02-21', '2024-02-22', '2024-02-23', '2024-02-26']);
    expect(dueDates('bulletin', from, to)).toEqual(['2024-02-05']);
    expect(dueDates('agenda', from, to)).toEqual(['2024-02-01', '2024-02-18']);
  });
});

describe('节假日提醒 in December', () => {
  it('runs on the first working day of each week of December, one run per week', () => {
    // 2026-12-01 is a Tuesday: the first week's run is that day, then every Monday.
    expect(dueDates('holidays', '2026-11-01', '2027-01-31')).toEqual([
      '2026-12-01',
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
      '2026-12-28',
    ]);
    // 2024-12-01 is a Sunday, so the first run is Monday the 2nd.
    expect(dueDates('holidays', '2024-12-01', '2024-12-31')).toEqual([
      '2024-12-02',
      '2024-12-09',
      '2024-12-16',
      '2024-12-23',
      '2024-12-30',
    ]);
    expect(jobs.get('holidays')!.period('2026-12-01', cal, config)).toBe('2026-W49');
    expect(jobs.get('holidays')!.period('2026-12-04', cal, config)).toBe('2026-W49');
  });

  it('moves past a Monday off to the next working day of that week', () => {
    const withOverride = createWorkCalendar([{ date: '2026-12-14', type: '休', name: '测试' }], {
      warn: () => {},
    });
    const def = jobs.get('holidays')!;
    const due = ['2026-12-14', '2026-12-15', '2026-12-16'].filter((d) => def.due(d, withOverride, config));
    expect(due).toEqual(['2026-12-15']);
  });
});

describe('scheduleSummary', () => {
  it('describes the schedule with the configured values', () => {
    const lines = scheduleSummary(config);
    expect(lines).toHaveLength(8);
    expect(lines[7]).toContain('12月每周第一个工作日 09:00');
    expect(lines[1]).toContain('周五 16:00');
    expect(lines[2]).toContain('25日');
  });
});
