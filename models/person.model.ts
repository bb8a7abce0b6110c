import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { ROLES } from '../src/domain/vocabulary.ts';

/** Someone the bot knows (the workbook's 人员); roles decide what they may do in chat. */
const personSchema = new Schema(
  {
    /** 账号: the WeCom userid, as in callbacks' From.UserId. */
    userId: { type: String, required: true, unique: true, trim: true },
    name: { type: String, required: true, trim: true },
    unitName: { type: String, trim: true },
    roles: { type: [String], enum: ROLES, default: [] },
    mobile: { type: String, trim: true },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    county: { type: String, trim: true },
  },
  { timestamps: true },
);

export type Person = InferSchemaType<typeof personSchema>;
export const PersonModel = mongoose.model('Person', personSchema);
