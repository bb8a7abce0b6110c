/**
 * The durable half of "a job posts once per period": one JobRun record per {job, period}, made by an
 * insert that the unique index lets only one process win, and taken over by a compare-and-set on the
 * previous token when its holder died.
 */
import { type JobRun, JobRunModel } from '../../models/job-run.model.ts';

export type JobRunDoc = JobRun & { _id: unknown };
export interface FreshRun {
  date: string;
  status: 'running';
  instanceId: string;
  token: string;
  startedAt: Date;
  leaseUntil: Date;
  trigger: 'schedule' | 'catch-up' | 'cli';
}

export interface JobRunsRepo {
  /** Inserts the period's record; false when one exists. */
  create(job: string, period: string, run: FreshRun): Promise<boolean>;
  find(job: string, period: string): Promise<JobRunDoc | null>;
  /** Takes over `existing` (abandoned, failed, or forced) while it still has its token and status. */
  takeOver(existing: JobRunDoc, run: FreshRun, forced: boolean): Promise<boolean>;
  extendLease(job: string, period: string, token: string, leaseUntil: Date): Promise<void>;
  /** false when the run was taken over meanwhile. */
  finish(
    job: string,
    period: string,
    token: string,
    at: Date,
    result:
      | { status: 'done'; outcome: { posted: number; summary: string } }
      | { status: 'failed'; error: string },
  ): Promise<boolean>;
}

export function createJobRunsRepo(): JobRunsRepo {
  let indexedDb: unknown;
  /** The unique index is what makes the claim safe; build it even if the model was loaded late. */
  async function ensureIndexes(): Promise<void> {
    const db = JobRunModel.db.db;
    if (db && indexedDb === db) return;
    await JobRunModel.createIndexes();
    indexedDb = db;
  }
  return {
    async create(job, period, run) {
      await ensureIndexes();
      try {
        await JobRunModel.create({ job, period, ...run });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    },
    find: async (job, period) => JobRunModel.findOne({ job, period }).lean<JobRunDoc>(),
    async takeOver(existing, run, forced) {
      const res = await JobRunModel.updateOne(
        { _id: existing._id, token: existing.token, status: existing.status },
        {
          $set: run,
          $unset: { finishedAt: 1, error: 1 },
          $inc: { attempts: 1, forcedRuns: forced ? 1 : 0 },
        },
      );
      return res.modifiedCount === 1;
    },
    async extendLease(job, period, token, leaseUntil) {
      await JobRunModel.updateOne({ job, period, token }, { $set: { leaseUntil } });
    },
    async finish(job, period, token, at, result) {
      const set =
        result.status === 'done'
          ? { status: 'done', finishedAt: at, outcome: result.outcome }
          : { status: 'failed', finishedAt: at, error: result.error };
      const res = await JobRunModel.updateOne({ job, period, token }, { $set: set });
      return res.modifiedCount === 1;
    },
  };
}
