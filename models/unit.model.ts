import mongoose, { type InferSchemaType, Schema } from 'mongoose';

/** A responsible unit (the workbook's 单位): problems and tasks are assigned to it, its head is @-mentioned. */
const unitSchema = new Schema(
  {
    /** 单位名称: unique within its county. */
    name: { type: String, required: true, trim: true },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    // Stored as null rather than left out: the embedded FerretDB's unique index counts two nulls as
    // the same key, but not two missing fields.
    county: { type: String, trim: true, default: null },
    shortName: { type: String, trim: true },
    /** 负责人: WeCom userid. */
    headId: { type: String, trim: true },
  },
  { timestamps: true },
);

unitSchema.index({ county: 1, name: 1 }, { unique: true });

export type Unit = InferSchemaType<typeof unitSchema>;
export const UnitModel = mongoose.model('Unit', unitSchema);
