import mongoose, { type InferSchemaType, Schema } from 'mongoose';

/**
 * A distinct evidence file per project (site photos and videos, 数出有据). The same hash attached
 * again to a later report is flagged as reused instead of counting as new evidence.
 */
const evidenceSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    sha256: { type: String, required: true },
    mime: { type: String, required: true },
    bytes: { type: Number, required: true, min: 0 },
    storedAt: { type: String, required: true },
    /** The report it first came with, and every report that reused it. */
    firstReportId: { type: Schema.Types.ObjectId },
    reportIds: { type: [Schema.Types.ObjectId], default: [] },
    reporterId: { type: String },
    sourceMsgId: { type: String },
  },
  { timestamps: true },
);

evidenceSchema.index({ projectCode: 1, sha256: 1 }, { unique: true });
evidenceSchema.index({ sha256: 1 });

export type Evidence = InferSchemaType<typeof evidenceSchema>;
export const EvidenceModel = mongoose.model('Evidence', evidenceSchema);
