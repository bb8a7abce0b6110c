/**
 * Why a problem change did not happen, as data: the handler that asked says it in words
 * (handlers/shared/problem-args.ts), the escalation job skips the problem.
 */
import type { ProblemDoc } from '../data/index.ts';
import { AppError } from '../errors.ts';

export type ProblemRefusal =
  /** No problem with that number. */
  | { reason: 'not_found'; no: number }
  /** Already resolved or withdrawn. */
  | { reason: 'closed'; problem: ProblemDoc }
  /** Already at tier 4. */
  | { reason: 'top_tier'; problem: ProblemDoc }
  /** Moved by someone else between reading and writing. */
  | { reason: 'moved'; problem: ProblemDoc }
  /** 交办 that changes nothing: the same unit and deadline. */
  | { reason: 'unchanged'; problem: ProblemDoc; unitName: string }
  /** No responsible unit named where one is needed. */
  | { reason: 'no_unit'; no?: number }
  /** The named project is not in the library. */
  | { reason: 'no_project'; code: string };

export class ProblemError extends AppError {
  constructor(readonly refusal: ProblemRefusal) {
    super(
      refusal.reason === 'not_found' || refusal.reason === 'no_project' ? 'not_found' : 'invalid_input',
      refusal.reason,
    );
  }
}
