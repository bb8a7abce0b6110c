/**
 * What every problem change shares: finding the problem by number, the refusal for a closed one,
 * and the audit entry written after the change.
 */
import type { Data, ProblemDoc } from '../data/index.ts';
import type { AuditVia } from '../domain/vocabulary.ts';
import { ProblemError } from './problem-errors.ts';
import type { UnitFacts } from './problem-people.ts';

export type { ProblemDoc } from '../data/index.ts';

/** Who changes a problem and from which message; jobs pass via 'job' and by 'system'. */
export interface Source {
  by: string;
  sourceMsgId?: string;
  via?: AuditVia;
}

export async function mustGet(data: Pick<Data, 'problems'>, no: number): Promise<ProblemDoc> {
  const p = await data.problems.byNo(no);
  if (!p) throw new ProblemError({ reason: 'not_found', no });
  return p;
}

export function closedError(p: ProblemDoc): ProblemError {
  return new ProblemError({ reason: 'closed', problem: p });
}

export async function audit(
  data: Pick<Data, 'audit'>,
  no: number,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  src: Source,
  at: Date,
): Promise<void> {
  await data.audit.write([
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
  data: Pick<Data, 'library'>,
  typed: string | null | undefined,
  /** The problem's county: its unit of that name. */
  county?: string | null,
): Promise<{ name: string | null; unit: UnitFacts | null }> {
  if (!typed?.trim()) return { name: null, unit: null };
  const unit = await data.library.findUnit(typed, county);
  return { name: unit?.name ?? typed.trim(), unit };
}
