import { describe, expect, it } from 'vitest';
import { HolidayModel } from '../../models/holiday.model.ts';
import { loadWorkCalendar } from '../../src/calendar/load.ts';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { connectTestStores } from '../helpers/services.ts';

function recordingLog() {
  const warnings: Array<{ obj: object; msg?: string }> = [];
  return { warnings, warn: (obj: object, msg?: string) => warnings.push({ obj, msg }) };
}

describe('working-day calendar (official data)', () => {
  const cal = createWorkCalendar([], recordingLog());

  it('takes National Day 2021 off and works the 调休 Saturdays', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2021-10-0${d}`)).toBe(false);
    expect(cal.dayInfo('2021-10-01')).toEqual({ workday: false, name: '国庆节', source: 'official' });
    expect(cal.isWorkday('2021-09-18')).toBe(true); // Saturday before 中秋
    expect(cal.isWorkday('2021-10-09')).toBe(true); // Saturday after 国庆
    expect(cal.dayInfo('2021-10-09')).toMatchObject({ workday: true, source: 'official' });
    expect(cal.isWorkday('2021-10-08')).toBe(true);
    expect(cal.isWorkday('2021-10-16')).toBe(false); // an ordinary Saturday
    expect(cal.isWorkday('2021-09-21')).toBe(false); // 中秋节
  });

  it('works Sunday 2024-02-04 (春节调休)', () => {
    expect(cal.dayInfo('2024-02-04')).toEqual({ workday: true, name: '春节调休', source: 'official' });
    expect(cal.isWorkday('2024-02-12')).toBe(false);
  });

  it('steps over days off', () => {
    expect(cal.nextWorkday('2021-09-30')).toBe('2021-10-08');
    expect(cal.previousWorkday('2021-10-08')).toBe('2021-09-30');
    expect(cal.nextWorkday('2024-02-09')).toBe('2024-02-18');
    expect(cal.lastWorkdayOfMonth('2021-10')).toBe('2021-10-29');
    const oct = cal.workdaysInMonth('2021-10');
    expect(oct[0]).toBe('2021-10-08');
    expect(oct).toContain('2021-10-09');
    expect(oct).toHaveLength(17); // 8, 9 and three full weeks
  });

  it('lets overrides win over the official data', () => {
    const log = recordingLog();
    const custom = createWorkCalendar(
      [
        { date: '2021-10-08', type: '休', name: '县里补休' },
        { date: '2021-10-16', type: '班', name: '县重点工作日' },
      ],
      log,
    );
    expect(custom.dayInfo('2021-10-08')).toEqual({ workday: false, name: '县里补休', source: 'override' });
    expect(custom.isWorkday('2021-10-16')).toBe(true);
    expect(custom.nextWorkday('2021-09-30')).toBe('2021-10-09');
  });

  it('falls back to Monday–Friday for a year the data does not cover, warning once', () => {
    const log = recordingLog();
    const c = createWorkCalendar([{ date: '2031-01-01', type: '休', name: '元旦' }], log);
    expect(c.isCovered(2031)).toBe(false);
    expect(c.isCovered(2021)).toBe(true);
    expect(c.dayInfo('2031-01-06')).toEqual({ workday: true, source: 'weekday-fallback' }); // Monday
    expect(c.isWorkday('2031-01-04')).toBe(false); // Saturday
    expect(c.isWorkday('2031-01-01')).toBe(false); // the override still applies
    expect(c.workdaysInMonth('2031-03')).toHaveLength(21);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]!.msg).toContain('2031');
    createWorkCalendar([], log).isWorkday('2031-05-05');
    expect(log.warnings).toHaveLength(1);
  });
});

describe('loadWorkCalendar', async () => {
  const { data } = await connectTestStores();

  it('reads the 重大办 overrides from HolidayModel', async () => {
    await HolidayModel.create([
      { date: '2021-10-09', type: '休', name: '调整' },
      { date: '2021-10-17', type: '班', name: '' },
    ]);
    const cal = await loadWorkCalendar({ log: recordingLog(), holidays: data.settings.holidays });
    expect(cal.dayInfo('2021-10-09')).toEqual({ workday: false, name: '调整', source: 'override' });
    expect(cal.dayInfo('2021-10-17')).toEqual({ workday: true, source: 'override' });
    expect(cal.isWorkday('2021-10-01')).toBe(false);
  });
});
