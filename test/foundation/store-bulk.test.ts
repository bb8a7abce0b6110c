/**
 * One write command with many statements completes on the embedded store. FerretDB 1.24 kept each
 * statement's read open until the whole update command ended; past 100 statements (SQLite's pool) the
 * command waited for ever for a connection its own finished reads held, and with the write queue
 * held every other write of the store waited behind it (seen as a hung bot on a busy day). The overlay
 * tools/ferretdb/overlay/internal/handler/msg_update.go.patch closes each read when its statement is
 * done. The test has its own store: on a build without the fix, it wedges the store it runs on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startFerretdb } from '../../src/store/ferretdb.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-store-bulk-'));
const store = await startFerretdb({ bin: inject('ferretdbBin'), dir });
const client = await new MongoClient(store.uri).connect();
const coll = client.db('bulk').collection<{ _id: string; n: number }>('items');

afterAll(async () => {
  await client.close(true);
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
});

const N = 300;

/** The promise, or a clear failure after `ms` (a wedged store never answers). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  ]);
}

describe('many statements in one write command', () => {
  it(`applies ${N} updates of one bulk write, and the store keeps taking writes`, async () => {
    await coll.insertMany(Array.from({ length: N }, (_, i) => ({ _id: `p${i}`, n: 0 })));
    const ops = Array.from({ length: N }, (_, i) => ({
      updateOne: { filter: { _id: `p${i}` }, update: { $inc: { n: i + 1 } } },
    }));
    const r = await within(coll.bulkWrite(ops, { ordered: false }), 20_000, 'bulk update');
    expect(r.matchedCount).toBe(N);
    expect(r.modifiedCount).toBe(N);
    const docs = await coll.find().toArray();
    expect(docs.reduce((s, d) => s + d.n, 0)).toBe((N * (N + 1)) / 2);
    await within(coll.insertOne({ _id: 'after', n: 1 }), 10_000, 'a write after the bulk update');
  }, 60_000);

  it(`applies ${N} deletes of one bulk write`, async () => {
    const ops = Array.from({ length: N }, (_, i) => ({ deleteOne: { filter: { _id: `p${i}` } } }));
    const r = await within(coll.bulkWrite(ops, { ordered: false }), 20_000, 'bulk delete');
    expect(r.deletedCount).toBe(N);
    expect(await coll.countDocuments()).toBe(1);
  }, 60_000);
});
