/**
 * 逾期升级 (every working day): an open problem overdue by more than ESCALATE_AFTER_DAYS working days
 * moves one tier up, once per overdue stretch, and the new tier is notified; the new tier gets a new
 * deadline, ESCALATION_DEADLINE_DAYS working days from the escalation, so a problem moves at most one
 * tier a day and the reminders start again.
 *
 * Overdue days count from the deadline, or from the day the deadline was set when that is later: a
 * deadline set already past (交办 with yesterday's date, or filled in for a problem stored before
 * every problem had one) is reminded for ESCALATE_AFTER_DAYS working days before it escalates.
 *
 * "Once per stretch": a problem that was escalated (automatically or by hand) after its deadline
 * passed is not escalated again until a new deadline is set and passes too. The tier change itself
 * is the problem module's escalateProblem (conditional on the tier it read, so two runs racing
 * cannot move it twice; it writes the history entry and the audit log).
 */

import { addDays, localDate, zonedTime } from '../calendar/dates.ts';
import { type WorkCalendar, workdaysAfter } from '../calendar/work-calendar.ts';
import { countyOfRef } from '../domain/county.ts';
import { type Reply, text } from '../domain/messages.ts';
import { monthDay, tierLabel } from '../format/problem.ts';
import { deadlinePolicy } from '../services/problem-deadlines.ts';
import { ProblemError } from '../services/problem-errors.ts';
import { type Escalation, escalateProblem } from '../services/problems.ts';
import { loadDirectory } from './data.ts';
import type { ContentEnv } from './env.ts';
import { names, uniq } from './format.ts';

export interface Escalated {
  no: number;
  projectCode?: string;
  description: string;
  from: number;
  to: number;
  overdueWorkdays: number;
  /** The new tier's deadline. */
  deadline: string;
  notify: string[];
}

/** Working days after `deadline` up to and including `today`. */
export function workdaysOverdue(deadline: string, today: string, cal: WorkCalendar): number {
  return workdaysAfter(cal, deadline, today);
}

export async function escalateOverdue(env: ContentEnv, today: string): Promise<Escalated[]> {
  const tz = env.config.BOT_TIMEZONE;
  const candidates = (await env.data.problems.overdue(today)).filter((p) => p.tier < 4);
  if (!candidates.length) return [];
  const dir = await loadDirectory(env.data);
  const policy = deadlinePolicy(env.calendar, env.config);
  const moved: Escalated[] = [];
  for (const p of candidates) {
    const deadline = p.deadline!;
    const setOn = p.deadlineSetAt ? localDate(p.deadlineSetAt, tz) : deadline;
    const countFrom = [deadline, setOn].sort()[1]!;
    const overdue = workdaysOverdue(countFrom, today, env.calendar);
    if (overdue <= env.config.ESCALATE_AFTER_DAYS) continue;
    const stretchStart = zonedTime(addDays(deadline, 1), '00:00', tz);
    if (p.history.some((h) => h.action === 'escalate' && h.at >= stretchStart)) continue;
    let result: Escalation;
    const newDeadline = policy.afterEscalation(today);
    try {
      result = await escalateProblem(env.data, p.no, {
        by: 'system',
        auto: true,
        at: env.clock.now(),
        deadline: newDeadline,
        reason: `逾期${overdue}个工作日未办结（${today}）`,
        sourceMsgId: `job:escalations:${today}`,
      });
    } catch (err) {
      // Closed or moved by someone else since we read it: nothing to do for this one.
      if (err instanceof ProblemError) continue;
      throw err;
    }
    moved.push({
      no: p.no,
      projectCode: p.projectCode ?? undefined,
      description: p.description,
      from: result.from,
      to: result.to,
      overdueWorkdays: overdue,
      deadline: newDeadline,
      notify: uniq([...result.notifyIds, dir.unitHead(p.unitName)]),
    });
  }
  return moved;
}

export async function runEscalations(env: ContentEnv, today: string): Promise<Reply[]> {
  const moved = await escalateOverdue(env, today);
  if (!moved.length) return [];
  const [projects, dir] = await Promise.all([env.data.library.projects(), loadDirectory(env.data)]);
  const byCode = new Map(projects.map((p) => [p.code, p]));
  const lines = [
    `【逾期升级】以下问题逾期超过${env.config.ESCALATE_AFTER_DAYS}个工作日未办结，已自动升级，请新层级协调办理：`,
  ];
  for (const m of moved) {
    const project = m.projectCode ? `${byCode.get(m.projectCode)?.name ?? m.projectCode} ` : '';
    const who = m.notify.length ? `｜请${names(m.notify, dir.personName)}协调` : '';
    lines.push(
      `#${m.no} ${project}${m.description}：${tierLabel(m.from)} → ${tierLabel(m.to)}，已逾期${m.overdueWorkdays}个工作日，新办结时限${monthDay(m.deadline)}${who}`,
    );
  }
  return [text(lines.join('\n'), uniq(moved.flatMap((m) => m.notify)))];
}

/**
 * The escalation job's word to the city's groups (design.md "A city with several counties"): the
 * problems it moved to tier 4 (市重大项目协调会) on `today`, each with its county, for the 市重大办.
 * Read back from the problems, so a re-run of the day says the same.
 */
export async function cityEscalations(env: ContentEnv, today: string): Promise<Reply[]> {
  const tz = env.config.BOT_TIMEZONE;
  const from = zonedTime(today, '00:00', tz);
  const to = zonedTime(addDays(today, 1), '00:00', tz);
  const moved = (await env.data.problems.list({ tier: 4 })).filter((p) =>
    p.history.some(
      (h) => h.action === 'escalate' && h.to === 4 && h.by === 'system' && h.at >= from && h.at < to,
    ),
  );
  if (!moved.length) return [];
  const [projects, dir] = await Promise.all([env.data.library.projects(), loadDirectory(env.data)]);
  const byCode = new Map(projects.map((p) => [p.code, p]));
  const office = dir.withRole('市重大办');
  const lines = [
    '【市重大项目协调会】以下问题逾期未办结，已自动升级至四级（市重大项目协调会），请市重大办协调：',
  ];
  for (const p of moved) {
    const project = p.projectCode ? byCode.get(p.projectCode) : undefined;
    const county = p.county || project?.county || countyOfRef(p.projectCode ?? '', env.data.county);
    lines.push(
      `【${county}】#${p.no} ${project ? `${project.name} ` : ''}${p.description}，新办结时限${monthDay(p.deadline)}`,
    );
  }
  if (office.length) lines.push(`请${names(office, dir.personName)}列入市重大项目协调会议题。`);
  return [text(lines.join('\n'), office)];
}
