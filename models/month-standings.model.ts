import mongoose, { Schema } from 'mongoose';

/**
 * Each month's 红/黄/绿 as the posted monthly 通报 showed them (`_id` is the month, 'YYYY-MM'), so the next
 * 通报 can tell which projects were 红 twice running; and the 督办事项 that month's 通报 made.
 */
const madeSchema = new Schema(
  {
    projectCode: { type: String, required: true },
    no: { type: Number, required: true },
  },
  { _id: false },
);

const monthStandingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** JSON {projectCode: '红' | '黄' | '绿'}: one field, however many projects. */
    colours: { type: String, required: true },
    at: { type: Date, required: true },
    made: { type: [madeSchema], default: [] },
  },
  { versionKey: false },
);

export const MonthStandingsModel = mongoose.model('MonthStandings', monthStandingsSchema);
