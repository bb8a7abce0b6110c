import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { DAY_RE, STATUS_EVENT_KINDS } from '../src/domain/vocabulary.ts';

/** 开工 / 竣工 / 投产 as reported in chat; it also sets the project's actualStart / actualEnd / operationAt. */
const statusEventSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    kind: { type: String, required: true, enum: STATUS_EVENT_KINDS },
    /** The day it happened (YYYY-MM-DD), which may differ from the day it was reported. */
    date: { type: String, required: true, match: DAY_RE },
    reporterId: { type: String, required: true },
    sourceMsgId: { type: String },
    state: { type: String, required: true, enum: ['current', 'withdrawn'], default: 'current' },
  },
  { timestamps: true },
);

statusEventSchema.index({ date: 1, state: 1 });
statusEventSchema.index({ projectCode: 1, kind: 1 });

export type StatusEvent = InferSchemaType<typeof statusEventSchema>;
export const StatusEventModel = mongoose.model('StatusEvent', statusEventSchema);
