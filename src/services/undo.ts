/**
 * 撤销: withdraws the sender's newest report, status event or problem — whichever they sent last.
 * Nothing is deleted: the item changes state and keeps its history; a withdrawn report puts back the
 * report it had replaced.
 */
import type { Data, FigureRow, FundsMonth, ProblemDoc, StoredFunds, StoredReport } from '../data/index.ts';
import type { StatusEventDoc, StatusEventService } from './status-events.ts';

export type Withdrawn =
  | { kind: 'report'; report: StoredReport; restored: FigureRow | null }
  | { kind: 'status'; event: StatusEventDoc }
  | { kind: 'funds'; report: StoredFunds; restored: FundsMonth | null }
  | { kind: 'problem'; problem: ProblemDoc };

export interface UndoService {
  /** Null when the sender has nothing left to withdraw. */
  undoLast(userId: string, sourceMsgId: string | undefined, at: Date): Promise<Withdrawn | null>;
}

const stamp = (d: { createdAt?: Date | null } | null) => d?.createdAt?.getTime() ?? -1;

export function createUndoService(deps: { data: Data; statusEvents: StatusEventService }): UndoService {
  const { data } = deps;
  return {
    async undoLast(userId, sourceMsgId, at) {
      // Ordered by when the bot stored them (createdAt), which is the order the sender sent them.
      const [report, event, problem, funds] = await Promise.all([
        data.figures.lastCurrentBy(userId),
        deps.statusEvents.lastBy(userId),
        data.problems.lastOpenBy(userId),
        data.funds.lastCurrentBy(userId),
      ]);
      const newest = Math.max(stamp(report), stamp(event), stamp(problem), stamp(funds));
      if (newest < 0) return null;

      if (funds && stamp(funds) === newest) {
        const restored = await data.funds.withdraw(funds, userId, sourceMsgId, at);
        return { kind: 'funds', report: funds, restored };
      }
      if (report && stamp(report) === newest) {
        const restored = await data.figures.withdraw(report, userId, sourceMsgId, at);
        return { kind: 'report', report, restored };
      }
      if (event && stamp(event) === newest) {
        await deps.statusEvents.withdraw(event, userId, sourceMsgId, at);
        return { kind: 'status', event };
      }
      const p = problem!;
      const updated = await data.problems.change(
        p.no,
        { status: 'open' },
        { status: 'withdrawn' },
        { at, by: userId, action: 'withdraw', from: p.status, to: 'withdrawn', sourceMsgId },
      );
      await data.audit.write([
        {
          entity: 'Problem',
          entityId: String(p.no),
          action: 'withdraw',
          fields: ['status'],
          before: { status: p.status },
          after: { status: 'withdrawn' },
          actor: userId,
          sourceMsgId,
          via: 'chat',
          at,
        },
      ]);
      return { kind: 'problem', problem: updated ?? p };
    },
  };
}
