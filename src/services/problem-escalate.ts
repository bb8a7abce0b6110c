/**
 * 升级: one tier up, refused past tier 4 and on closed problems. Returns who carries the new tier;
 * the chat reply and the notice to the project's groups are worded by the 升级 command. The
 * escalation job calls this with auto: true.
 */
import type { Data } from '../data/index.ts';
import { ProblemError } from './problem-errors.ts';
import { findProject, type ProjectFacts, tierPeople } from './problem-people.ts';
import { audit, closedError, mustGet, type ProblemDoc, type Source } from './problem-store.ts';

export const TOP_TIER = 4;

export interface EscalateOptions extends Omit<Source, 'via'> {
  reason?: string;
  /** True when the escalation job moved an overdue problem up. */
  auto?: boolean;
}

export interface Escalation {
  problem: ProblemDoc;
  project: ProjectFacts | null;
  from: number;
  to: number;
  /** Why, as recorded in the history: the reason given, and the job's note when automatic. */
  note: string;
  /** The people who carry the new tier (to @-mention). */
  notifyIds: string[];
}

/** Moves an open problem one tier up. Refuses past tier 4 and on closed problems. */
export async function escalateProblem(
  data: Data,
  no: number,
  opts: EscalateOptions & {
    at?: Date;
    /** The new tier's deadline (ESCALATION_DEADLINE_DAYS working days from the escalation). */
    deadline?: string;
  },
): Promise<Escalation> {
  const at = opts.at ?? new Date();
  const current = await mustGet(data, no);
  if (current.status !== 'open') throw closedError(current);
  if (current.tier >= TOP_TIER) throw new ProblemError({ reason: 'top_tier', problem: current });
  const from = current.tier;
  const to = (from + 1) as 2 | 3 | 4;
  const note = [opts.reason, opts.auto ? '逾期未办结，系统自动升级' : ''].filter(Boolean).join('；');
  const deadline = opts.deadline ?? current.deadline ?? null;
  const updated = await data.problems.change(
    no,
    { status: 'open', tier: from },
    { tier: to, escalatedAt: at, ...(opts.deadline ? { deadline: opts.deadline, deadlineSetAt: at } : {}) },
    { at, by: opts.by, action: 'escalate', from, to, note: note || undefined, sourceMsgId: opts.sourceMsgId },
  );
  if (!updated) {
    // Someone else escalated or closed it between our read and write.
    const now = await mustGet(data, no);
    if (now.status !== 'open') throw closedError(now);
    throw new ProblemError({ reason: 'moved', problem: now });
  }
  const via = opts.auto ? 'job' : 'chat';
  await audit(
    data,
    no,
    'escalate',
    { tier: from, deadline: current.deadline ?? null },
    { tier: to, deadline },
    { by: opts.by, sourceMsgId: opts.sourceMsgId, via },
    at,
  );
  const project = updated.projectCode ? await findProject(data.library, updated.projectCode) : null;
  return {
    problem: updated,
    project,
    from,
    to,
    note,
    notifyIds: await tierPeople(data.library, to, project),
  };
}
