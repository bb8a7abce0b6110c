/**
 * Named counters (problem numbers, the library version): one atomic `$inc` each. The embedded store
 * keeps single-document updates atomic (the FerretDB wrapper serializes writes), so concurrent callers
 * and several bot instances get distinct numbers without gaps.
 */
import { CounterModel } from '../../models/counter.model.ts';

export interface Sequences {
  /** The next value (1, 2, 3 …). */
  next(name: string): Promise<number>;
  /** The current value without incrementing (0 when never used). */
  current(name: string): Promise<number>;
}

export function createSequences(): Sequences {
  return {
    async next(name) {
      for (let attempt = 0; ; attempt++) {
        try {
          // No projection: FerretDB refuses findOneAndUpdate with one.
          const doc = await CounterModel.findOneAndUpdate(
            { _id: name },
            { $inc: { seq: 1 } },
            { upsert: true, new: true },
          ).lean();
          return doc!.seq;
        } catch (err) {
          // MongoDB may fail one of two first-ever upserts with a duplicate key: the retry finds it.
          if ((err as { code?: number }).code === 11000 && attempt < 3) continue;
          throw err;
        }
      }
    },
    async current(name) {
      return (await CounterModel.findById(name).lean())?.seq ?? 0;
    },
  };
}
