import mongoose, { type InferSchemaType, Schema } from 'mongoose';

/** A responsible unit (the workbook's 单位): problems and tasks are assigned to it, its head is @-mentioned. */
const unitSchema = new Schema(
  {
    name: { type: String, required: true, unique: true, trim: true },
    shortName: { type: String, trim: true },
    /** 负责人: WeCom userid. */
    headId: { type: String, trim: true },
  },
  { timestamps: true },
);

export type Unit = InferSchemaType<typeof unitSchema>;
export const UnitModel = mongoose.model('Unit', unitSchema);
