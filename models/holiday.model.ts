import mongoose, { type InferSchemaType, Schema } from 'mongoose';

/**
 * A day the 重大办 sets by hand (the workbook's 节假日 sheet). It wins over the official calendar
 * data, which lags the State Council's announcement of next year's holidays.
 */
const holidaySchema = new Schema(
  {
    /** YYYY-MM-DD in BOT_TIMEZONE. */
    date: { type: String, required: true, unique: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    /** 休 = day off, 班 = make-up working day. */
    type: { type: String, required: true, enum: ['休', '班'] },
    name: { type: String, default: '' },
  },
  { timestamps: true },
);

export type Holiday = InferSchemaType<typeof holidaySchema>;
export const HolidayModel = mongoose.model('Holiday', holidaySchema);
