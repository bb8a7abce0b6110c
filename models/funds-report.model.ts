import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { MONTH_RE } from '../src/domain/vocabulary.ts';

/**
 * One 资金到位 report from chat (资金 贺巴 本月到位3000万元，其中专项债2000万元): the funds put in place
 * for a project in a month, and its own audit record (数出有据): who, when, from which message, and
 * the report of the same month it replaced with its figures. A second report of a month replaces the
 * first, which stays here; the current report of each month is kept in the project's funds document
 * (models/project-funds.model.ts). A 撤销 marks a report withdrawn, with who and when.
 */
const fundsReportSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    month: { type: String, required: true, match: MONTH_RE },
    /** 元 put in place in the month. */
    amount: { type: Number, required: true, min: 0 },
    /** 其中专项债, 元, when the message said so. */
    bondAmount: { type: Number, min: 0 },
    reporterId: { type: String, required: true },
    reportedAt: { type: Date, required: true },
    sourceMsgId: { type: String },
    /** The report of the same month this one replaced, and its figures as they were. */
    supersedes: { type: Schema.Types.ObjectId },
    replaced: { type: Schema.Types.Mixed },
    state: { type: String, enum: ['withdrawn'] },
    withdrawnAt: { type: Date },
    withdrawnBy: { type: String },
    withdrawnMsgId: { type: String },
  },
  { timestamps: true },
);

fundsReportSchema.index({ projectCode: 1, month: 1 });
fundsReportSchema.index({ sourceMsgId: 1 });

export type FundsReport = InferSchemaType<typeof fundsReportSchema>;
export const FundsReportModel = mongoose.model('FundsReport', fundsReportSchema);
