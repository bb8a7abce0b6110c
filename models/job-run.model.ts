import mongoose, { type InferSchemaType, Schema } from 'mongoose';

/**
 * One scheduled job for one period (daily 2021-08-16, weekly 2021-W33, monthly 2021-08 …): the
 * durable half of "never post twice". The unique {job, period} index lets only one process create
 * the record; a `running` record whose lease has expired belongs to a process that died and may be
 * taken over. No TTL index (FerretDB has none): records are small and kept as history.
 */
const jobRunSchema = new Schema(
  {
    job: { type: String, required: true },
    period: { type: String, required: true },
    /** The local date (BOT_TIMEZONE) of the run. */
    date: { type: String, required: true },
    status: { type: String, required: true, enum: ['running', 'done', 'failed'] },
    /** Which process holds or held the run, and the token of this attempt. */
    instanceId: { type: String, required: true },
    token: { type: String, required: true },
    startedAt: { type: Date, required: true },
    /** A running record past this instant is abandoned and may be taken over. */
    leaseUntil: { type: Date, required: true },
    finishedAt: { type: Date },
    attempts: { type: Number, default: 1 },
    /** How many times `npm run job -- … --force` re-ran a finished period. */
    forcedRuns: { type: Number, default: 0 },
    trigger: { type: String, enum: ['schedule', 'catch-up', 'cli'], default: 'schedule' },
    outcome: {
      posted: { type: Number },
      summary: { type: String },
    },
    error: { type: String },
  },
  { timestamps: true },
);

jobRunSchema.index({ job: 1, period: 1 }, { unique: true });

export type JobRun = InferSchemaType<typeof jobRunSchema>;
export const JobRunModel = mongoose.model('JobRun', jobRunSchema);
