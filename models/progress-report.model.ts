import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { MONTH_RE } from '../src/domain/vocabulary.ts';

/** A photo or video attached to a report; the file itself lives in the evidence store. */
const attachmentSchema = new Schema(
  {
    sha256: { type: String, required: true },
    mime: { type: String, required: true },
    bytes: { type: Number, required: true, min: 0 },
    /** Where the evidence store keeps it (path or object key). */
    storedAt: { type: String, required: true },
    /** The same file was already attached to an earlier report of this project (数出有据: flag reuse). */
    reused: { type: Boolean, default: false },
  },
  { _id: false },
);

/**
 * One monthly progress report (月调度), and its own audit record (数出有据): who reported it, when, from
 * which message, and the figures it replaced. Reports are never rewritten to say which one is current:
 * the current report of a month is the newest one not withdrawn, and the project's figures document
 * (models/project-figures.model.ts) holds it. A 撤销 marks the report withdrawn, with who and when.
 *
 * `state` is 'withdrawn' for a withdrawn report; stores written before this version also hold
 * 'current' and 'superseded' (read as "not withdrawn").
 */
const progressReportSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    month: { type: String, required: true, match: MONTH_RE },
    year: { type: Number, required: true },
    /** 本月完成投资, 元. */
    monthAmount: { type: Number, required: true, min: 0 },
    /** 本年累计, 元, as it stood when reported: stated in the message, or the sum of this year's months. */
    ytdAmount: { type: Number, required: true, min: 0 },
    /** The message stated the 本年累计 (else it follows the months and is derived when read). */
    ytdGiven: { type: Boolean, required: true, default: false },
    /** 开工累计 / 自开工以来, 元, only when the message said so. */
    sinceStartAmount: { type: Number, min: 0 },
    /** 形象进度. */
    progressText: { type: String, default: '' },
    progressPct: { type: Number, min: 0, max: 100 },
    evidence: { type: [attachmentSchema], default: [] },
    sourceMsgId: { type: String },
    reporterId: { type: String, required: true },
    reportedAt: { type: Date, required: true },
    /** The report of the same month this one replaced, and its figures as they were. */
    supersedes: { type: Schema.Types.ObjectId },
    replaced: { type: Schema.Types.Mixed },
    state: { type: String, enum: ['current', 'superseded', 'withdrawn'] },
    withdrawnAt: { type: Date },
    withdrawnBy: { type: String },
    withdrawnMsgId: { type: String },
  },
  { timestamps: true },
);

progressReportSchema.index({ projectCode: 1, month: 1 });
progressReportSchema.index({ reporterId: 1, reportedAt: -1 });
progressReportSchema.index({ sourceMsgId: 1 });

export type ProgressReport = InferSchemaType<typeof progressReportSchema>;
export type Attachment = InferSchemaType<typeof attachmentSchema>;
export const ProgressReportModel = mongoose.model('ProgressReport', progressReportSchema);
