/**
 * 撤销: withdraws the sender's newest report, status event or problem — whichever they sent last.
 * Nothing is deleted: the item changes state and keeps its history; a withdrawn report puts back the
 * report it had replaced.
 */
import { writeAudit } from '../../models/audit-log.model.ts';
import { appendProblemHistory, type Problem, ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import type { ReportDoc, ReportService } from './reports.ts';
import type { StatusEventDoc, StatusEventService } from './status-events.ts';

export type Withdrawn =
  | { kind: 'report'; report: ReportDoc; restored: ReportDoc | null }
  | { kind: 'status'; event: StatusEventDoc }
  | { kind: 'problem'; problem: Problem };

export interface UndoService {
  /** Null when the sender has nothing left to withdraw. */
  undoLast(userId: string, sourceMsgId: string | undefined, at: Date): Promise<Withdrawn | null>;
}

type Stamped = { createdAt?: Date | null };
const stamp = (d: Stamped | null) => d?.createdAt?.getTime() ?? -1;

export function createUndoService(deps: {
  statusEvents: StatusEventService;
  reports: ReportService;
}): UndoService {
  return {
    async undoLast(userId, sourceMsgId, at) {
      // Ordered by when the bot stored them (createdAt), which is the order the sender sent them.
      const [report, event, problem] = await Promise.all([
        ProgressReportModel.findOne({ reporterId: userId, state: 'current' })
          .sort({ createdAt: -1 })
          .lean<ReportDoc & Stamped>(),
        deps.statusEvents.lastBy(userId),
        ProblemModel.findOne({ raisedBy: userId, status: 'open' })
          .sort({ createdAt: -1 })
          .lean<Problem & Stamped>(),
      ]);
      const newest = Math.max(stamp(report), stamp(event), stamp(problem));
      if (newest < 0) return null;

      if (report && stamp(report) === newest) {
        const restored = await deps.reports.withdraw(report, userId, sourceMsgId, at);
        return { kind: 'report', report, restored };
      }
      if (event && stamp(event) === newest) {
        await deps.statusEvents.withdraw(event, userId, sourceMsgId, at);
        return { kind: 'status', event };
      }
      const p = problem!;
      const updated = await appendProblemHistory(
        p.no,
        { at, by: userId, action: 'withdraw', from: p.status, to: 'withdrawn', sourceMsgId },
        { status: 'withdrawn' },
      );
      await writeAudit([
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
