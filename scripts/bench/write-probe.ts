/**
 * `npx tsx scripts/bench/write-probe.ts`: how many single-document writes a second the embedded
 * FerretDB takes with 1, 4 and 16 writers at once, how long 500 concurrent inserts take, and what
 * 200 concurrent $inc of one document leave (200 when updates are atomic). Writes serialize on
 * SQLite's one writer, so this is the ceiling of the whole inbound path: about this many writes,
 * divided by a message's writes.
 *
 * Options, to compare builds and settings in one run:
 *   --bin PATH                  a FerretDB wrapper binary (default: the cached build of tools/ferretdb)
 *   --synchronous normal|full   SQLite synchronous mode (only for wrappers that have the flag)
 *   --no-write-queue            XMDD_FERRETDB_NO_WRITE_QUEUE=1 (the wrapper without its write queue)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { ensureFerretdbBinary, startFerretdb } from '../../src/store/ferretdb.ts';

const { values: args } = parseArgs({
  options: {
    bin: { type: 'string' },
    synchronous: { type: 'string' },
    'no-write-queue': { type: 'boolean', default: false },
  },
});
if (args.synchronous && args.synchronous !== 'normal' && args.synchronous !== 'full') {
  throw new Error('--synchronous must be normal or full');
}

const N = 2000;
const bin = args.bin ?? (await ensureFerretdbBinary({ progress: (l) => console.log(`  ${l}`) }));
const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-writes-fdb-'));
const store = await startFerretdb({
  bin,
  dir,
  synchronous: args.synchronous as 'normal' | 'full' | undefined,
  env: args['no-write-queue'] ? { XMDD_FERRETDB_NO_WRITE_QUEUE: '1' } : {},
});
try {
  await mongoose.connect(`${store.uri}bench`, { maxPoolSize: 50 });
  const db = mongoose.connection.db!;
  for (const writers of [1, 4, 16]) {
    const c = db.collection<{ _id: string; x?: string; s?: number }>(`w${writers}`);
    await c.insertOne({ _id: 'first' });
    // The wrapper indexes _id within a second of a collection's creation.
    await new Promise((r) => setTimeout(r, 1200));
    const run = async (op: (k: number) => Promise<unknown>) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < N) await op(next++);
        }),
      );
      return N / ((performance.now() - t) / 1000);
    };
    const inserts = await run((k) => c.insertOne({ _id: `k${k}`, x: 'y'.repeat(300) }));
    const updates = await run((k) => c.updateOne({ _id: `k${k}` }, { $set: { s: k } }));
    // A compare-and-set filters on _id and a version: FerretDB narrows that to one row only with the
    // overlay patch (tools/ferretdb/overlay); upstream reads the whole table.
    const cas = await run((k) => c.updateOne({ _id: `k${k}`, s: k }, { $set: { s: k + 1 } }));
    console.log(
      `${String(writers).padStart(2)} writers: insertOne ${inserts.toFixed(0)}/s, updateOne by _id ${updates.toFixed(0)}/s, ` +
        `by _id and version ${cas.toFixed(0)}/s`,
    );
  }

  // Group commit: the same writes as batches of 16 (one command, one queue turn, one SQLite commit).
  for (const size of [1, 16]) {
    const c = db.collection<{ _id: string; x?: string; s?: number }>(`batch${size}`);
    await c.insertOne({ _id: 'first' });
    await new Promise((r) => setTimeout(r, 1200));
    const ids = Array.from({ length: N }, (_, k) => `k${k}`);
    let t0 = performance.now();
    for (let i = 0; i < N; i += size)
      await c.insertMany(ids.slice(i, i + size).map((_id) => ({ _id, x: 'y'.repeat(300) })));
    const ins = N / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    for (let i = 0; i < N; i += size)
      await c.bulkWrite(
        ids
          .slice(i, i + size)
          .map((_id, j) => ({ updateOne: { filter: { _id }, update: { $set: { s: j } } } })),
        { ordered: false },
      );
    const upd = N / ((performance.now() - t0) / 1000);
    console.log(
      `batches of ${String(size).padStart(2)}: insertMany ${ins.toFixed(0)} docs/s, bulkWrite updateOne ${upd.toFixed(0)} docs/s`,
    );
  }

  const burst = db.collection<{ _id: string; x: string }>('burst');
  await burst.insertOne({ _id: 'first', x: '' });
  await new Promise((r) => setTimeout(r, 1200));
  let t = performance.now();
  await Promise.all(
    Array.from({ length: 500 }, (_, k) => burst.insertOne({ _id: `b${k}`, x: 'y'.repeat(300) })),
  );
  console.log(`500 concurrent insertOne: ${(performance.now() - t).toFixed(0)} ms`);

  const counter = db.collection<{ _id: string; n: number }>('counter');
  await counter.insertOne({ _id: 'c', n: 0 });
  await new Promise((r) => setTimeout(r, 1200));
  t = performance.now();
  await Promise.all(Array.from({ length: 200 }, () => counter.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
  const n = (await counter.findOne({ _id: 'c' }))?.n;
  console.log(`200 concurrent $inc of one document: ${(performance.now() - t).toFixed(0)} ms, n = ${n}`);
} finally {
  await mongoose.disconnect();
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
}
