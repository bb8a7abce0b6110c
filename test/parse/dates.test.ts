import { describe, expect, it } from 'vitest';
import { findDates, findDeadline, findMonths, parseDate, parseMonth } from '../../src/parse/dates.ts';
import { AUGUST, JANUARY } from './fixtures.ts';

const aug = { now: AUGUST, timeZone: 'Asia/Shanghai' };
const jan = { now: JANUARY, timeZone: 'Asia/Shanghai' };

describe('parseDate in August 2021 (Sunday 2021-08-15)', () => {
  it.each([
    ['2021-08-01', '2021-08-01', false],
    ['2021-8-1', '2021-08-01', false],
    ['2021/8/1', '2021-08-01', false],
    ['2021.8.1', '2021-08-01', false],
    ['2021年8月1日', '2021-08-01', false],
    ['2021年8月1号', '2021-08-01', false],
    ['2021 年 8 月 1 日', '2021-08-01', false],
    ['8月1日', '2021-08-01', false],
    ['8月1号', '2021-08-01', false],
    ['八月一日', '2021-08-01', false],
    ['8月二十日', '2021-08-20', false],
    ['8.1', '2021-08-01', false],
    ['8/20', '2021-08-20', false],
    ['8月底', '2021-08-31', false],
    ['9月底', '2021-09-30', false],
    ['2月底', '2021-02-28', false],
    ['2月底前', '2022-02-28', true],
    ['3月1日前', '2022-03-01', true],
    ['8月上旬', '2021-08-10', false],
    ['8月中旬', '2021-08-20', false],
    ['8月下旬', '2021-08-31', false],
    ['2021年9月底', '2021-09-30', false],
    ['月底前', '2021-08-31', true],
    ['月底', '2021-08-31', false],
    ['本月底', '2021-08-31', false],
    ['下月底', '2021-09-30', false],
    ['年底前', '2021-12-31', true],
    ['今天', '2021-08-15', false],
    ['今日', '2021-08-15', false],
    ['明天', '2021-08-16', false],
    ['后天', '2021-08-17', false],
    ['昨天', '2021-08-14', false],
    ['本周五', '2021-08-13', false],
    ['这周五', '2021-08-13', false],
    ['周五', '2021-08-13', false],
    ['星期一', '2021-08-09', false],
    ['下周一', '2021-08-16', false],
    ['下周五', '2021-08-20', false],
    ['下星期三', '2021-08-18', false],
    ['上周五', '2021-08-06', false],
    ['本周日', '2021-08-15', false],
    ['8月20日前', '2021-08-20', true],
    ['8月20日之前', '2021-08-20', true],
    ['8月20前', '2021-08-20', true],
    ['3天内', '2021-08-18', true],
    ['一周内', '2021-08-22', true],
    ['1月10日', '2022-01-10', false],
    ['12月31日', '2021-12-31', false],
  ])('%s → %s (deadline %s)', (text, date, deadline) => {
    expect(parseDate(text, aug)).toEqual({ date, deadline });
  });

  it.each(['', '贺巴', '8月', '13月1日', '2月30日', '2021-02-30', '8月1日 开工 福六', '32.1'])(
    '%j is not a date',
    (text) => {
      expect(parseDate(text, aug)).toBeUndefined();
    },
  );
});

describe('dates in January 2022 (Monday 2022-01-10)', () => {
  it.each([
    ['12月28日', '2021-12-28'],
    ['12月底', '2021-12-31'],
    ['1月20日前', '2022-01-20'],
    ['2月1日', '2022-02-01'],
    ['上周五', '2022-01-07'],
    ['本周五', '2022-01-14'],
    ['昨天', '2022-01-09'],
    ['上月底', '2021-12-31'],
  ])('%s → %s', (text, date) => {
    expect(parseDate(text, jan)?.date).toBe(date);
  });

  it('late December looks forward to January', () => {
    const dec = { now: new Date('2021-12-20T12:00:00+08:00'), timeZone: 'Asia/Shanghai' };
    expect(parseDate('1月10日前', dec)).toEqual({ date: '2022-01-10', deadline: true });
  });
});

describe('time zone', () => {
  it('uses the zone for "today"', () => {
    // 2021-08-15 20:00 UTC is already the 16th in Beijing.
    const now = new Date('2021-08-15T20:00:00Z');
    expect(parseDate('今天', { now, timeZone: 'Asia/Shanghai' })?.date).toBe('2021-08-16');
    expect(parseDate('今天', { now, timeZone: 'UTC' })?.date).toBe('2021-08-15');
    expect(parseMonth('本月', { now: new Date('2021-07-31T17:00:00Z'), timeZone: 'Asia/Shanghai' })).toBe(
      '2021-08',
    );
  });

  it('falls back to Asia/Shanghai for an unknown zone', () => {
    const now = new Date('2021-08-15T20:00:00Z');
    expect(parseDate('今天', { now, timeZone: 'Mars/Olympus' })?.date).toBe('2021-08-16');
  });
});

describe('parseMonth', () => {
  it.each([
    ['7月', '2021-07', '2021-07'],
    ['7月份', '2021-07', '2021-07'],
    ['七月', '2021-07', '2021-07'],
    ['8月', '2021-08', '2021-08'],
    ['9月', '2020-09', '2021-09'],
    ['12月', '2020-12', '2021-12'],
    ['十二月', '2020-12', '2021-12'],
    ['1月', '2021-01', '2022-01'],
    ['本月', '2021-08', '2022-01'],
    ['当月', '2021-08', '2022-01'],
    ['上月', '2021-07', '2021-12'],
    ['上个月', '2021-07', '2021-12'],
    ['下月', '2021-09', '2022-02'],
    ['2021年7月', '2021-07', '2021-07'],
    ['2021-07', '2021-07', '2021-07'],
    ['2021/7', '2021-07', '2021-07'],
    ['去年12月', '2020-12', '2021-12'],
    ['今年3月', '2021-03', '2022-03'],
  ])('%s → %s in August, %s in January', (text, inAugust, inJanuary) => {
    expect(parseMonth(text, aug)).toBe(inAugust);
    expect(parseMonth(text, jan)).toBe(inJanuary);
  });

  it('can prefer the nearest month for plans ahead', () => {
    expect(parseMonth('9月', aug, 'nearest')).toBe('2021-09');
    expect(parseMonth('12月', jan, 'nearest')).toBe('2021-12');
  });

  it.each(['', '13月', '8月1日', '3个月', '贺巴'])('%j is not a month', (text) => {
    expect(parseMonth(text, aug)).toBeUndefined();
  });

  it('finds months inside sentences but not days', () => {
    expect(findMonths('7月完成投资800万', aug).map((m) => m.month)).toEqual(['2021-07']);
    expect(findMonths('1-7月累计完成2亿', aug).map((m) => m.month)).toEqual(['2021-07']);
    expect(findMonths('8月20日前报市局', aug)).toEqual([]);
  });
});

describe('findDates and findDeadline', () => {
  it('finds dates inside a sentence', () => {
    expect(findDates('用地报批材料8月20日前报市局', aug)).toEqual([
      { date: '2021-08-20', deadline: true, start: 6, end: 11 },
    ]);
  });

  it('prefers the date marked as a deadline', () => {
    expect(findDeadline('8月1日已开会,请于8月25日前完成', aug)?.date).toBe('2021-08-25');
    expect(findDeadline('截止8月25日', aug)).toMatchObject({ date: '2021-08-25', deadline: true });
    expect(findDeadline('尽快完成', aug)).toBeUndefined();
  });

  it('does not read decimals in a sentence as dates', () => {
    expect(findDates('累计完成3.2亿元', aug)).toEqual([]);
  });
});
