/**
 * Every problem and 督办事项 is on a timer (design.md): the deadline given, else its category's
 * default in working days (PROBLEM_DEADLINE_DAYS); each escalation gives the new tier
 * ESCALATION_DEADLINE_DAYS working days from the day it moved. Problems stored before this rule get
 * their deadline once, counted from the day they were raised (`fillMissingDeadlines`).
 */
import { localDate } from '../calendar/dates.ts';
import { addWorkdays, type WorkCalendar } from '../calendar/work-calendar.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';
import type { ProblemCategory } from '../domain/vocabulary.ts';

export type DeadlineConfig = Pick<
  Config,
  'PROBLEM_DEADLINE_DAYS' | 'ESCALATION_DEADLINE_DAYS' | 'BOT_TIMEZONE'
>;

export interface DeadlinePolicy {
  /** The deadline of a problem of `category` raised on `day` without one. */
  forCategory(category: string, day: string): string;
  /** The deadline of a problem escalated on `day`. */
  afterEscalation(day: string): string;
}

export function deadlinePolicy(cal: WorkCalendar, config: DeadlineConfig): DeadlinePolicy {
  const days = config.PROBLEM_DEADLINE_DAYS;
  return {
    forCategory: (category, day) => addWorkdays(cal, day, days[category as ProblemCategory] ?? days.其他),
    afterEscalation: (day) => addWorkdays(cal, day, config.ESCALATION_DEADLINE_DAYS),
  };
}

/**
 * Gives every open problem without a deadline its category's default, counted in working days from
 * the day it was raised; each gets a history entry saying so. Conditional per problem, so two
 * processes starting at once fill each in once. Returns how many it filled in.
 */
export async function fillMissingDeadlines(
  data: Data,
  policy: DeadlinePolicy,
  opts: { at: Date; timeZone: string },
): Promise<number> {
  let n = 0;
  for (const p of await data.problems.openWithoutDeadline()) {
    const raised = localDate(p.createdAt ?? opts.at, opts.timeZone);
    const deadline = policy.forCategory(p.category, raised);
    const set = await data.problems.setMissingDeadline(p.no, deadline, {
      at: opts.at,
      by: 'system',
      action: 'deadline',
      to: deadline,
      note: `按${p.category}类默认时限补设（自${raised}起计）`,
    });
    if (set) n += 1;
  }
  return n;
}
