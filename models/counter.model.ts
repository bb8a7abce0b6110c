import mongoose, { Schema } from 'mongoose';

/** Named sequences (problem numbers, the library version). `_id` is the sequence's name. */
const counterSchema = new Schema({
  _id: { type: String, required: true },
  seq: { type: Number, required: true, default: 0 },
});

/**
 * One document per handed-out number, `_id` = "name#n". FerretDB runs findAndModify as read-then-
 * write, so two concurrent $inc can return the same value; inserting the claim lets the _id index
 * arbitrate. On MongoDB the claim never collides.
 */
const counterClaimSchema = new Schema({ _id: { type: String, required: true } }, { timestamps: true });

export const CounterModel = mongoose.model('Counter', counterSchema);
export const CounterClaimModel = mongoose.model('CounterClaim', counterClaimSchema);

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

async function increment(name: string): Promise<number> {
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
      // Two first-ever upserts race on _id: the loser retries and finds the document.
      if (isDuplicateKey(err) && attempt < 10) continue;
      throw err;
    }
  }
}

/**
 * The next value of a sequence (1, 2, 3 …): distinct and without gaps even under concurrent callers
 * and several bot instances. A lost $inc only makes the counter lag, and the retry moves it on.
 */
export async function nextSequence(name: string): Promise<number> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const n = await increment(name);
    try {
      await CounterClaimModel.create({ _id: `${name}#${n}` });
      return n;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (attempt > 3) await new Promise((r) => setTimeout(r, Math.random() * 10 * Math.min(attempt, 10)));
    }
  }
  throw new Error(`sequence ${name}: no free number after 1000 attempts`);
}

/** The current value without incrementing (0 when the sequence was never used). */
export async function currentSequence(name: string): Promise<number> {
  const doc = await CounterModel.findById(name).lean();
  return doc?.seq ?? 0;
}

/** Increments a plain counter (no claim): for version stamps where only "it changed" matters. */
export async function bumpCounter(name: string): Promise<number> {
  return increment(name);
}
