import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { MONTH_RE } from './enums.ts';

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

export const REPORT_STATES = ['current', 'superseded', 'withdrawn'] as const;

/**
 * One monthly progress report (月调度). A second report for the same project and month is a new
 * document; the first becomes `superseded` and the new one points at it, so every figure keeps who
 * reported it, when, from which message, and what it replaced.
 */
const progressReportSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    month: { type: String, required: true, match: MONTH_RE },
    year: { type: Number, required: true },
    /** 本月完成投资, 元. */
    monthAmount: { type: Number, required: true, min: 0 },
    /** 本年累计, 元: stated in the message, or the sum of this year's months (see ytdGiven). */
    ytdAmount: { type: Number, required: true, min: 0 },
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
    supersedes: { type: Schema.Types.ObjectId },
    state: { type: String, required: true, enum: REPORT_STATES, default: 'current' },
  },
  { timestamps: true },
);

progressReportSchema.index({ projectCode: 1, month: 1, state: 1 });
progressReportSchema.index({ month: 1, state: 1 });
progressReportSchema.index({ reporterId: 1, reportedAt: -1 });

export type ProgressReport = InferSchemaType<typeof progressReportSchema>;
export type Attachment = InferSchemaType<typeof attachmentSchema>;
export const ProgressReportModel = mongoose.model('ProgressReport', progressReportSchema);
