import mongoose, { type InferSchemaType, Schema, Types } from 'mongoose';
import { nextSequence } from './counter.model.ts';
import { DAY_RE, PROBLEM_CATEGORIES, PROBLEM_TIERS } from './enums.ts';

export const PROBLEM_KINDS = ['problem', 'task'] as const;
export const PROBLEM_STATES = ['open', 'resolved', 'withdrawn'] as const;
/** The sequence problems and tasks share, so "#12" is unique county-wide whichever it is. */
export const PROBLEM_SEQUENCE = 'problem';

/** One step in a problem's life; appended with $push, never edited. */
const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    /** 'raise', 'assign', 'escalate', 'resolve', 'withdraw', 'remind' … */
    action: { type: String, required: true },
    from: { type: Schema.Types.Mixed },
    to: { type: Schema.Types.Mixed },
    note: { type: String },
    sourceMsgId: { type: String },
  },
  { _id: false },
);

/** A problem raised on a project, or a 督办事项 (task) assigned to a unit; both are numbered #N. */
const problemSchema = new Schema(
  {
    no: { type: Number, required: true, unique: true },
    kind: { type: String, required: true, enum: PROBLEM_KINDS, default: 'problem' },
    projectCode: { type: String },
    category: { type: String, required: true, enum: PROBLEM_CATEGORIES, default: '其他' },
    description: { type: String, required: true },
    tier: { type: Number, required: true, enum: PROBLEM_TIERS, default: 1 },
    /** The responsible unit (单位名称). */
    unitName: { type: String },
    deadline: { type: String, match: DAY_RE },
    status: { type: String, required: true, enum: PROBLEM_STATES, default: 'open' },
    raisedBy: { type: String, required: true },
    sourceMsgId: { type: String },
    resolvedAt: { type: Date },
    resolutionNote: { type: String },
    /** Last overdue reminder, so the reminder job does not repeat itself the same day. */
    lastRemindedAt: { type: Date },
    escalatedAt: { type: Date },
    history: { type: [historySchema], default: [] },
  },
  { timestamps: true },
);

problemSchema.index({ status: 1, deadline: 1 });
problemSchema.index({ projectCode: 1 });
problemSchema.index({ raisedBy: 1, createdAt: -1 });

export type Problem = InferSchemaType<typeof problemSchema>;
export type ProblemHistory = InferSchemaType<typeof historySchema>;
export const ProblemModel = mongoose.model('Problem', problemSchema);

export type NewProblem = Omit<Problem, 'no' | 'history' | 'createdAt' | 'updatedAt' | 'status'> & {
  status?: Problem['status'];
};

/** Creates a problem with the next county-wide number; its first history entry records who raised it. */
/**
 * A problem's `_id`, made from its number, so a problem is found by number through the _id index
 * (the embedded FerretDB uses no other index). Problems stored before this have random ids and are
 * found by number the slow way.
 */
export function problemObjectId(no: number): Types.ObjectId {
  return new Types.ObjectId(no.toString(16).padStart(24, '0'));
}

/** The problem with this number, or null. */
export async function findProblemByNo(no: number): Promise<(Problem & { _id: Types.ObjectId }) | null> {
  const byId = await ProblemModel.findById(problemObjectId(no)).lean();
  if (byId && byId.no === no) return byId as Problem & { _id: Types.ObjectId };
  return (await ProblemModel.findOne({ no }).lean()) as (Problem & { _id: Types.ObjectId }) | null;
}

export async function createProblem(input: NewProblem, at = new Date()) {
  const no = await nextSequence(PROBLEM_SEQUENCE);
  const history: ProblemHistory[] = [
    {
      at,
      by: input.raisedBy,
      action: 'raise',
      to: input.unitName ?? null,
      sourceMsgId: input.sourceMsgId,
    },
  ];
  return ProblemModel.create({ ...input, _id: problemObjectId(no), no, history });
}

/**
 * Appends a history entry and applies `set` in one update. Returns the updated problem, or null
 * when `no` does not exist.
 */
export async function appendProblemHistory(
  no: number,
  entry: Omit<ProblemHistory, 'at'> & { at?: Date },
  set: Partial<Omit<Problem, 'no' | 'history'>> = {},
): Promise<(Problem & { _id: Types.ObjectId }) | null> {
  const found = await findProblemByNo(no);
  if (!found) return null;
  return ProblemModel.findOneAndUpdate(
    { _id: found._id },
    { $set: set, $push: { history: { at: new Date(), ...entry } } },
    { new: true },
  ).lean();
}
