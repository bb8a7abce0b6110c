import mongoose, { Schema } from 'mongoose';

/**
 * Named sequences (problem numbers, the library version). `_id` is the sequence's name; a number is
 * handed out by one atomic `$inc` (the embedded store serializes writes, so this holds there too).
 */
const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true, default: 0 },
  },
  { versionKey: false },
);

export const CounterModel = mongoose.model('Counter', counterSchema);
