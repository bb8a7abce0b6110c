/**
 * Problems and 督办事项 in the store. Numbers come from one atomic `$inc` (problems and tasks share
 * the sequence); a problem's `_id` is made from its number, so every change by number is one `_id`
 * lookup; a change is one conditional update (the state it was decided on is in the filter), so two
 * people acting at once cannot both apply.
 */
import { Types } from 'mongoose';
import { type Problem, type ProblemHistory, ProblemModel } from '../../models/problem.model.ts';
import { isOpen, isOverdue } from '../domain/problem-rules.ts';
import type { Sequences } from './sequences.ts';

export type { Problem, ProblemHistory } from '../../models/problem.model.ts';
export type ProblemDoc = Problem & { _id: Types.ObjectId };
export type NewProblem = Omit<
  Problem,
  'no' | 'history' | 'createdAt' | 'updatedAt' | 'status' | 'lastRemindedAt' | 'escalatedAt'
> & { status?: Problem['status'] };
export type HistoryEntry = Omit<ProblemHistory, 'at'> & { at: Date };

export interface ProblemFilter {
  /** Default: open only. */
  includeClosed?: boolean;
  tier?: number;
  unitName?: string;
  projectCode?: string;
  kind?: 'problem' | 'task';
  /** 'rag': the 督办事项 the 通报 made for a project red twice running. */
  origin?: string;
}

export interface ProblemsRepo {
  /** Creates a problem with the next number; its first history entry says who raised it. */
  create(input: NewProblem, at: Date): Promise<ProblemDoc>;
  byNo(no: number): Promise<ProblemDoc | null>;
  /**
   * Applies `set` and appends `entry` only while the problem still has the `guard` values; null when
   * it does not (or does not exist).
   */
  change(
    no: number,
    guard: Partial<Pick<Problem, 'status' | 'tier'>>,
    set: Partial<Problem>,
    entry: HistoryEntry,
  ): Promise<ProblemDoc | null>;
  /** Records an overdue reminder once per day: false when one was recorded since `since`. */
  markReminded(no: number, since: Date, entry: HistoryEntry): Promise<boolean>;
  /** The problem a message created (a retried message must not create a second one). */
  fromMessage(msgId: string, raisedBy?: string): Promise<ProblemDoc | null>;
  /** By number; open ones unless `includeClosed`. */
  list(filter?: ProblemFilter): Promise<ProblemDoc[]>;
  /** Open and past their deadline on `today`. */
  overdue(today: string): Promise<ProblemDoc[]>;
  /** Open with a deadline on or before `day`. */
  dueBy(day: string): Promise<ProblemDoc[]>;
  /** For the 日报: raised or resolved in [from, to), and those overdue on `today`, by number. */
  activity(from: Date, to: Date, today: string): Promise<ProblemDoc[]>;
  /** The sender's newest open problem (撤销). */
  lastOpenBy(userId: string): Promise<ProblemDoc | null>;
  /** Open problems without a deadline (set once after an upgrade). */
  openWithoutDeadline(): Promise<ProblemDoc[]>;
  /**
   * Gives an open problem that has no deadline this one, and appends `entry`; false when it has one
   * by now (another process filled it in first) or is closed.
   */
  setMissingDeadline(no: number, deadline: string, entry: HistoryEntry): Promise<boolean>;
}

/** The sequence problems and tasks share, so "#12" is unique whichever it is. */
export const PROBLEM_SEQUENCE = 'problem';

/** A problem's `_id`, made from its number. Problems stored before it have random ids. */
export function problemObjectId(no: number): Types.ObjectId {
  return new Types.ObjectId(no.toString(16).padStart(24, '0'));
}

export function createProblemsRepo(deps: { sequences: Sequences }): ProblemsRepo {
  async function byNo(no: number): Promise<ProblemDoc | null> {
    const byId = await ProblemModel.findById(problemObjectId(no)).lean<ProblemDoc>();
    if (byId && byId.no === no) return byId;
    return ProblemModel.findOne({ no }).lean<ProblemDoc>();
  }

  // The embedded store reads every problem for any filter but _id: one read, filtered here with the
  // rules of src/domain/problem-rules.ts.
  async function openOnes(): Promise<ProblemDoc[]> {
    return ProblemModel.find({ status: 'open' }).sort({ no: 1 }).lean<ProblemDoc[]>();
  }

  return {
    async create(input, at) {
      const no = await deps.sequences.next(PROBLEM_SEQUENCE);
      const history: ProblemHistory[] = [
        {
          at,
          by: input.raisedBy,
          action: 'raise',
          to: input.unitName ?? null,
          sourceMsgId: input.sourceMsgId,
        },
      ];
      const created = await ProblemModel.create({ ...input, _id: problemObjectId(no), no, history });
      return created.toObject() as ProblemDoc;
    },

    byNo,

    async change(no, guard, set, entry) {
      const found = await byNo(no);
      if (!found) return null;
      return ProblemModel.findOneAndUpdate(
        { _id: found._id, ...guard },
        { $set: set, $push: { history: entry } },
        { new: true },
      ).lean<ProblemDoc>();
    },

    async markReminded(no, since, entry) {
      const found = await byNo(no);
      if (!found) return false;
      const res = await ProblemModel.updateOne(
        {
          _id: found._id,
          status: 'open',
          $or: [
            { lastRemindedAt: { $exists: false } },
            { lastRemindedAt: null },
            { lastRemindedAt: { $lt: since } },
          ],
        },
        { $set: { lastRemindedAt: entry.at }, $push: { history: entry } },
      );
      return res.modifiedCount > 0;
    },

    async fromMessage(msgId, raisedBy) {
      return ProblemModel.findOne({
        sourceMsgId: msgId,
        ...(raisedBy ? { raisedBy } : {}),
      }).lean<ProblemDoc>();
    },

    async list(filter = {}) {
      const q: Record<string, unknown> = filter.includeClosed ? {} : { status: 'open' };
      if (filter.tier) q.tier = filter.tier;
      if (filter.unitName) q.unitName = filter.unitName;
      if (filter.projectCode) q.projectCode = filter.projectCode;
      if (filter.kind) q.kind = filter.kind;
      if (filter.origin) q.origin = filter.origin;
      return ProblemModel.find(q).sort({ no: 1 }).lean<ProblemDoc[]>();
    },

    async overdue(today) {
      return (await openOnes()).filter((p) => isOverdue(p, today));
    },

    async dueBy(day) {
      return (await openOnes()).filter((p) => isOpen(p) && p.deadline && p.deadline <= day);
    },

    async activity(from, to, today) {
      const docs = await ProblemModel.find({
        $or: [
          { createdAt: { $gte: from, $lt: to }, status: { $ne: 'withdrawn' } },
          { resolvedAt: { $gte: from, $lt: to }, status: 'resolved' },
          { status: 'open', deadline: { $lt: today } },
        ],
      })
        .sort({ no: 1 })
        .lean<ProblemDoc[]>();
      return docs;
    },

    async lastOpenBy(userId) {
      return ProblemModel.findOne({ raisedBy: userId, status: 'open' })
        .sort({ createdAt: -1 })
        .lean<ProblemDoc>();
    },

    async openWithoutDeadline() {
      return (await openOnes()).filter((p) => !p.deadline);
    },

    async setMissingDeadline(no, deadline, entry) {
      const found = await byNo(no);
      if (!found) return false;
      const res = await ProblemModel.updateOne(
        { _id: found._id, status: 'open', $or: [{ deadline: { $exists: false } }, { deadline: null }] },
        { $set: { deadline, deadlineSetAt: entry.at }, $push: { history: entry } },
      );
      return res.modifiedCount > 0;
    },
  };
}
