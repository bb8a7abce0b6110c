import mongoose, { Schema } from 'mongoose';

/**
 * A short-lived lock, `_id` = what is locked ("project:XC-2021-005"). Taking it is an insert, the
 * one write FerretDB's unique _id index arbitrates between processes (no transactions there).
 */
const lockSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const LockModel = mongoose.model('Lock', lockSchema);
