import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  datesInMonth,
  dayOfMonth,
  isoWeek,
  isValidDate,
  localDate,
  localMonth,
  localTime,
  startOfWeek,
  weekday,
  zonedTime,
} from '../../src/calendar/dates.ts';

const TZ = 'Asia/Shanghai';

describe('dates in the bot zone', () => {
  it('reads the local date of an instant, not the UTC one', () => {
    // 2021-08-15T17:00Z is already 01:00 on the 16th in Shanghai.
    expect(localDate(new Date('2021-08-15T17:00:00Z'), TZ)).toBe('2021-08-16');
    expect(localDate(new Date('2021-08-15T15:59:59Z'), TZ)).toBe('2021-08-15');
    expect(localMonth(new Date('2021-07-31T16:30:00Z'), TZ)).toBe('2021-08');
    expect(localTime(new Date('2021-08-16T09:30:00Z'), TZ)).toBe('17:30');
  });

  it('finds the instant of a local wall-clock time', () => {
    expect(zonedTime('2021-08-16', '17:30', TZ).toISOString()).toBe('2021-08-16T09:30:00.000Z');
    expect(zonedTime('2021-01-01', '00:00', TZ).toISOString()).toBe('2020-12-31T16:00:00.000Z');
    // A zone with daylight saving: New York is UTC-4 in July and UTC-5 in January.
    expect(zonedTime('2021-07-01', '09:00', 'America/New_York').toISOString()).toBe(
      '2021-07-01T13:00:00.000Z',
    );
    expect(zonedTime('2021-01-04', '09:00', 'America/New_York').toISOString()).toBe(
      '2021-01-04T14:00:00.000Z',
    );
  });

  it('does calendar arithmetic on date strings', () => {
    expect(weekday('2021-08-16')).toBe(1);
    expect(weekday('2021-08-22')).toBe(7);
    expect(addDays('2021-02-28', 1)).toBe('2021-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(startOfWeek('2021-08-22')).toBe('2021-08-16');
    expect(isoWeek('2021-08-16')).toBe('2021-W33');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(addMonths('2021-01', -1)).toBe('2020-12');
    expect(addMonths('2021-12', 1)).toBe('2022-01');
    expect(datesInMonth('2024-02')).toHaveLength(29);
    expect(dayOfMonth('2021-02', 30)).toBe('2021-02-28');
  });

  it('validates dates', () => {
    expect(isValidDate('2021-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2021-8-1')).toBe(false);
    expect(() => addDays('bad', 1)).toThrow(RangeError);
  });
});
