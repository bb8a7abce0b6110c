import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { TARGET_DOMAINS } from '../src/domain/vocabulary.ts';

/**
 * An investment target (the workbook's 投资目标): fromYear = toYear for an annual target,
 * 2021–2023 for the plan's three-year targets.
 */
const investmentTargetSchema = new Schema(
  {
    domain: { type: String, required: true, enum: TARGET_DOMAINS },
    fromYear: { type: Number, required: true, min: 2000, max: 2100 },
    toYear: { type: Number, required: true, min: 2000, max: 2100 },
    /** 元. */
    target: { type: Number, required: true, min: 0 },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    // Stored as null rather than left out: the embedded FerretDB's unique index counts two nulls as
    // the same key, but not two missing fields.
    county: { type: String, trim: true, default: null },
  },
  { timestamps: true },
);

investmentTargetSchema.index({ county: 1, domain: 1, fromYear: 1, toYear: 1 }, { unique: true });

export type InvestmentTarget = InferSchemaType<typeof investmentTargetSchema>;
export const InvestmentTargetModel = mongoose.model('InvestmentTarget', investmentTargetSchema);
