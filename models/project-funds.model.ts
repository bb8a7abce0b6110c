import mongoose, { Schema } from 'mongoose';

/**
 * The funds in place of one project, derived from its 资金 reports: the current report of each month,
 * packed into one JSON string (`_id` is the project code; format in src/data/funds.ts). The card, the
 * 通报's 资金到位率 and the 台账 read this, one field per project, instead of the reports (the embedded
 * FerretDB decodes every stored field of every document it reads). A report changes it with one
 * conditional update on `v`; it can always be rebuilt from the reports.
 */
const projectFundsSchema = new Schema(
  {
    _id: { type: String, required: true },
    d: { type: String, default: '' },
    v: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export const ProjectFundsModel = mongoose.model('ProjectFunds', projectFundsSchema);
