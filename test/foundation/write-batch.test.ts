/**
 * Group commit (src/data/write-batch.ts) answers each caller for its own write: a duplicate key fails
 * only that write, and a store that is gone fails every write of the batch. The driver reports a lost
 * connection with the same error class as a per-item failure (and an empty list of failed items), so
 * reading it as "nothing failed" would acknowledge messages that were never stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Schema } from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { batchedInserts, batchedUpdates } from '../../src/data/write-batch.ts';
import { startFerretdb } from '../../src/store/ferretdb.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-write-batch-'));
const store = await startFerretdb({ bin: inject('ferretdbBin'), dir });
const conn = await mongoose
  .createConnection(`${store.uri}batch`, { serverSelectionTimeoutMS: 1500 })
  .asPromise();
const Item = conn.model('Item', new Schema({ _id: String, n: Number }));

afterAll(async () => {
  await conn.close(true);
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('fails only the write with a duplicate key; the others of the batch are stored', async () => {
    const insert = batchedInserts(Item);
    await insert({ _id: 'a', n: 1 });
    const outcomes = await Promise.allSettled([
      insert({ _id: 'b', n: 2 }),
      insert({ _id: 'a', n: 3 }),
      insert({ _id: 'c', n: 4 }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 11000 });
    const docs = await Item.find().sort({ _id: 1 }).lean();
    expect(docs.map((d) => [d._id, d.n])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 4],
    ]);
  });

  it('fails every write of the batch when the store is gone', async () => {
    const insert = batchedInserts(Item);
    const update = batchedUpdates(Item);
    await store.stop();
    const outcomes = await Promise.allSettled([
      insert({ _id: 'x', n: 1 }),
      insert({ _id: 'y', n: 2 }),
      update({ filter: { _id: 'a' }, update: { $set: { n: 9 } } }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });
});
