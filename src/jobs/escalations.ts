/**
 * 逾期升级 (every working day): an open problem overdue by more than ESCALATE_AFTER_DAYS working days
 * moves one tier up, once per overdue stretch, and the new tier is notified.
 *
 * "Once per stretch": a problem that was escalated (automatically or by hand) after its deadline
 * passed is not escalated again until a new deadline is set and passes too. The tier change itself
 * is the problem module's escalateProblem (conditional on the tier it read, so two runs racing
 * cannot move it twice; it writes the history entry and the audit log).
 */

import { addDays, zonedTime } from '../calendar/dates.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import { type Reply, text } from '../domain/messages.ts';
import { tierLabel } from '../format/problem.ts';
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
  notify: string[];
}

/** Working days after `deadline` up to and including `today`. */
export function workdaysOverdue(deadline: string, today: string, cal: WorkCalendar): number {
  let n = 0;
  for (let d = addDays(deadline, 1); d <= today; d = addDays(d, 1)) if (cal.isWorkday(d)) n++;
  return n;
}

export async function escalateOverdue(env: ContentEnv, today: string): Promise<Escalated[]> {
  const tz = env.config.BOT_TIMEZONE;
  const candidates = (await env.data.problems.overdue(today)).filter((p) => p.tier < 4);
  if (!candidates.length) return [];
  const dir = await loadDirectory(env.data);
  const moved: Escalated[] = [];
  for (const p of candidates) {
    const deadline = p.deadline!;
    const overdue = workdaysOverdue(deadline, today, env.calendar);
    if (overdue <= env.config.ESCALATE_AFTER_DAYS) continue;
    const stretchStart = zonedTime(addDays(deadline, 1), '00:00', tz);
    if (p.history.some((h) => h.action === 'escalate' && h.at >= stretchStart)) continue;
    let result: Escalation;
    try {
      result = await escalateProblem(env.data, p.no, {
        by: 'system',
        auto: true,
        at: env.clock.now(),
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
      `#${m.no} ${project}${m.description}：${tierLabel(m.from)} → ${tierLabel(m.to)}，已逾期${m.overdueWorkdays}个工作日${who}`,
    );
  }
  return [text(lines.join('\n'), uniq(moved.flatMap((m) => m.notify)))];
}
