/**
 * When each scheduled job runs. Pure functions of (date, working-day calendar, config), so the
 * scheduler, the `npm run job` command and the tests agree on every date.
 *
 * Default rules (times are local, BOT_TIMEZONE):
 * - daily 日报 — every working day at DAILY_SUMMARY_TIME (17:30).
 * - weekly 周报 — on WEEKLY_SUMMARY_WEEKDAY (5 = Friday) at WEEKLY_SUMMARY_TIME (16:00); when that day
 *   is off, on the last working day of the same Monday–Sunday week (none in the week → no 周报).
 * - monthly 月调度 — at MONTHLY_SUMMARY_TIME (09:00): a reminder on each of the REPORT_REMINDER_DAYS (3)
 *   working days before REPORT_DEADLINE_DAY (25), then the month's roll-up on the first working day
 *   after the deadline day.
 * - bulletin 月通报 — on the first working day on or after BULLETIN_DAY (5) at MONTHLY_SUMMARY_TIME, for
 *   the previous month.
 * - reminders 到期提醒 — every working day at REMINDER_TIME (09:00).
 * - escalations 逾期升级 — every working day at ESCALATION_TIME (09:30).
 * - agenda 协调会议题 — the first working day on or after the 1st and the 16th, at MONTHLY_SUMMARY_TIME
 *   (the 协调领导小组 meets once or twice a month).
 * - holidays 节假日提醒 — in December, the first working day of each Monday–Sunday week, at
 *   MONTHLY_SUMMARY_TIME; it posts only while next year's holidays are unknown to the bot.
 */

import { addDays, addMonths, dayOfMonth, isoWeek, monthOf, startOfWeek } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import type { Config } from '../config.ts';
import type { MonthlyPhase } from './types.ts';

type RuleConfig = Pick<
  Config,
  'WEEKLY_SUMMARY_WEEKDAY' | 'REPORT_DEADLINE_DAY' | 'REPORT_REMINDER_DAYS' | 'BULLETIN_DAY'
>;

/** The first working day on or after `date`. */
export function workdayOnOrAfter(date: string, cal: WorkCalendar): string {
  return cal.isWorkday(date) ? date : cal.nextWorkday(date);
}

/** The day the week containing `date` gets its 周报, or undefined when the whole week is off. */
export function weeklyRunDate(date: string, cal: WorkCalendar, config: RuleConfig): string | undefined {
  const monday = startOfWeek(date);
  const target = addDays(monday, config.WEEKLY_SUMMARY_WEEKDAY - 1);
  if (cal.isWorkday(target)) return target;
  for (let i = 6; i >= 0; i--) {
    const d = addDays(monday, i);
    if (cal.isWorkday(d)) return d;
  }
  return undefined;
}

export interface MonthlyDates {
  /** The reporting deadline (REPORT_DEADLINE_DAY of the month, whether or not it is a working day). */
  deadline: string;
  /** Reminder days, oldest first: the REPORT_REMINDER_DAYS working days before the deadline day. */
  reminders: string[];
  /** The first working day after the deadline day. */
  rollup: string;
}

export function monthlyDates(month: string, cal: WorkCalendar, config: RuleConfig): MonthlyDates {
  const deadline = dayOfMonth(month, config.REPORT_DEADLINE_DAY);
  const reminders: string[] = [];
  let d = deadline;
  for (let i = 0; i < config.REPORT_REMINDER_DAYS; i++) {
    d = cal.previousWorkday(d);
    reminders.unshift(d);
  }
  return { deadline, reminders, rollup: cal.nextWorkday(deadline) };
}

/**
 * Which month and phase a monthly run on `date` is about. On a due day that is exact (a roll-up can
 * fall in the next month when the deadline is followed by a holiday). On other days (`npm run job`
 * with any date): after the deadline → that month's roll-up; before the previous month's roll-up
 * day → the previous month's roll-up; otherwise a reminder for the month.
 */
export function monthlyScope(
  date: string,
  cal: WorkCalendar,
  config: RuleConfig,
): { month: string; phase: MonthlyPhase; due: boolean } {
  const month = monthOf(date);
  for (const m of [addMonths(month, -1), month, addMonths(month, 1)]) {
    const s = monthlyDates(m, cal, config);
    if (s.rollup === date) return { month: m, phase: 'rollup', due: true };
    if (s.reminders.includes(date)) return { month: m, phase: 'reminder', due: true };
  }
  const own = monthlyDates(month, cal, config);
  if (date > own.deadline) return { month, phase: 'rollup', due: false };
  const previous = addMonths(month, -1);
  if (date < monthlyDates(previous, cal, config).rollup)
    return { month: previous, phase: 'rollup', due: false };
  return { month, phase: 'reminder', due: false };
}

export function monthlyPeriod(scope: { month: string; phase: MonthlyPhase }, date: string): string {
  return scope.phase === 'rollup' ? scope.month : `${scope.month}:reminder:${date}`;
}

/** The day month `month`'s 通报 (about the month before) is posted. */
export function bulletinRunDate(month: string, cal: WorkCalendar, config: RuleConfig): string {
  return workdayOnOrAfter(dayOfMonth(month, config.BULLETIN_DAY), cal);
}

/** The month a bulletin posted on `date` reports on, and whether `date` is a bulletin day. */
export function bulletinScope(
  date: string,
  cal: WorkCalendar,
  config: RuleConfig,
): { month: string; due: boolean } {
  const month = monthOf(date);
  for (const m of [month, addMonths(month, -1)]) {
    if (bulletinRunDate(m, cal, config) === date) return { month: addMonths(m, -1), due: true };
  }
  return { month: addMonths(month, -1), due: false };
}

/** The agenda half-month a date belongs to, and whether it is the day its agenda is drafted. */
export function agendaScope(date: string, cal: WorkCalendar): { period: string; due: boolean } {
  const month = monthOf(date);
  const half = Number(date.slice(8, 10)) >= 16 ? 'H2' : 'H1';
  for (const m of [month, addMonths(month, -1)]) {
    for (const [h, day] of [
      ['H1', 1],
      ['H2', 16],
    ] as const) {
      if (workdayOnOrAfter(dayOfMonth(m, day), cal) === date) return { period: `${m}-${h}`, due: true };
    }
  }
  return { period: `${month}-${half}`, due: false };
}

/**
 * The December weeks of the next year's holiday reminder: a date is a run day when it is a December
 * working day and no earlier day of its week in December is one (so 1 December counts when the month
 * starts mid-week). One run per ISO week.
 */
export function holidayNoticeScope(date: string, cal: WorkCalendar): { period: string; due: boolean } {
  const period = isoWeek(date);
  if (date.slice(5, 7) !== '12' || !cal.isWorkday(date)) return { period, due: false };
  const monday = startOfWeek(date);
  for (let d = addDays(date, -1); d >= monday && d.slice(5, 7) === '12'; d = addDays(d, -1)) {
    if (cal.isWorkday(d)) return { period, due: false };
  }
  return { period, due: true };
}

/** The schedule in plain Chinese, one line per job, with this configuration's times and days. */
export function scheduleSummary(c: Config): string[] {
  const weekdays = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
  return [
    `日报：每个工作日 ${c.DAILY_SUMMARY_TIME}（含调休上班日）`,
    `周报：每${weekdays[c.WEEKLY_SUMMARY_WEEKDAY]} ${c.WEEKLY_SUMMARY_TIME}；当天放假则提前到本周最后一个工作日`,
    `月调度：每月${c.REPORT_DEADLINE_DAY}日截止报送，截止前${c.REPORT_REMINDER_DAYS}个工作日每天 ${c.MONTHLY_SUMMARY_TIME} 提醒未报送的联系人，截止日后第一个工作日 ${c.MONTHLY_SUMMARY_TIME} 发月度汇总`,
    `月通报：每月${c.BULLETIN_DAY}日（遇节假日顺延到下一个工作日）${c.MONTHLY_SUMMARY_TIME}，通报上月情况`,
    `到期提醒：每个工作日 ${c.REMINDER_TIME}`,
    `逾期升级：每个工作日 ${c.ESCALATION_TIME}`,
    `协调会议题：每月1日、16日（遇节假日顺延）${c.MONTHLY_SUMMARY_TIME}`,
    `节假日提醒：每年12月每周第一个工作日 ${c.MONTHLY_SUMMARY_TIME}，机器人还没有次年的节假日安排时提醒导入`,
  ];
}
