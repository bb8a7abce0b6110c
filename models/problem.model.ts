import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import {
  DAY_RE,
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  PROBLEM_STATES,
  PROBLEM_TIERS,
} from '../src/domain/vocabulary.ts';

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

/**
 * A problem raised on a project, or a 督办事项 (task) assigned to a unit; both are numbered #N. A new
 * problem's `_id` is made from its number (src/data/problems.ts), so it is found by number through the
 * `_id` index, the only index the embedded FerretDB answers from.
 */
const problemSchema = new Schema(
  {
    no: { type: Number, required: true, unique: true },
    kind: { type: String, required: true, enum: PROBLEM_KINDS, default: 'problem' },
    projectCode: { type: String },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    county: { type: String, trim: true },
    category: { type: String, required: true, enum: PROBLEM_CATEGORIES, default: '其他' },
    description: { type: String, required: true },
    tier: { type: Number, required: true, enum: PROBLEM_TIERS, default: 1 },
    /** The responsible unit (单位名称). */
    unitName: { type: String },
    deadline: { type: String, match: DAY_RE },
    /**
     * When the current deadline was set (raised, 交办, 升级, or filled in after the upgrade that put
     * every problem on a timer): the escalation job counts overdue days from no earlier than this.
     */
    deadlineSetAt: { type: Date },
    /** What made it when not a person: 'rag' for the 督办事项 the 通报 makes for a project red twice. */
    origin: { type: String },
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
