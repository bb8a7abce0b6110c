/**
 * The write path every problem change takes: read, one conditional update that appends history,
 * then the audit entry. Shared by the service and the escalation used by the jobs.
 */
import { writeAudit } from '../../models/audit-log.model.ts';
import {
  findProblemByNo,
  type Problem,
  type ProblemHistory,
  ProblemModel,
} from '../../models/problem.model.ts';
import { UserFacingError } from '../errors.ts';
import { formatDay } from './problem-format.ts';
import { findUnit, type UnitFacts } from './problem-people.ts';
import { withLock } from './project-lock.ts';

export type ProblemDoc = Problem & { _id: unknown };

/** Who changes a problem and from which message; jobs pass via 'job' and by 'system'. */
export interface Source {
  by: string;
  sourceMsgId?: string;
  via?: 'chat' | 'job';
}

export async function mustGet(no: number): Promise<ProblemDoc> {
  const p = await findProblemByNo(no);
  if (!p)
    throw new UserFacingError(`没有找到 #${no}，请核对编号。发送“查 问题”可查看在办问题。`, 'not_found');
  return p as ProblemDoc;
}

export function closedError(p: ProblemDoc): UserFacingError {
  const when = p.resolvedAt ? `于${formatDay(p.resolvedAt.toISOString().slice(0, 10))}` : '';
  return p.status === 'withdrawn'
    ? new UserFacingError(`#${p.no} 已撤销，无需再办理。`)
    : new UserFacingError(`#${p.no} 已${when}办结，无需重复办理。办结情况：${p.resolutionNote ?? '无'}`);
}

/**
 * One conditional update: applies `set` and appends `entry` only while `guard` (field equalities)
 * still holds. Changes of one problem take its lock, so the check and the write are one step for
 * every process; the problem is read and written by `_id`, the one lookup the embedded store
 * answers from an index.
 */
export async function change(
  no: number,
  guard: Record<string, unknown>,
  set: Record<string, unknown>,
  entry: ProblemHistory,
): Promise<ProblemDoc | null> {
  return withLock(`problem:${no}`, async () => {
    const found = await findProblemByNo(no);
    if (!found) return null;
    const current = found as unknown as Record<string, unknown>;
    if (!Object.entries(guard).every(([k, v]) => current[k] === v)) return null;
    const doc = await ProblemModel.findOneAndUpdate(
      { _id: found._id },
      { $set: set, $push: { history: entry } },
      { new: true },
    ).lean();
    return doc as ProblemDoc | null;
  });
}

export async function audit(
  no: number,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  src: Source,
  at: Date,
): Promise<void> {
  await writeAudit([
    {
      entity: 'Problem',
      entityId: String(no),
      action,
      fields: Object.keys(after),
      before,
      after,
      actor: src.by,
      sourceMsgId: src.sourceMsgId,
      via: src.via ?? 'chat',
      at,
    },
  ]);
}

/** The responsible unit as the library names it; an unknown name is kept as typed. */
export async function resolveUnit(
  typed: string | null | undefined,
): Promise<{ name: string | null; unit: UnitFacts | null }> {
  if (!typed?.trim()) return { name: null, unit: null };
  const unit = await findUnit(typed);
  return { name: unit?.name ?? typed.trim(), unit };
}
