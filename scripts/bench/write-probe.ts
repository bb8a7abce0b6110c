/**
 * `npx tsx scripts/bench/write-probe.ts`: how many single-document writes a second the embedded
 * FerretDB takes with 1, 4 and 16 writers at once. Writes serialize on SQLite's one writer, so this
 * is the ceiling of the whole inbound path: about this many writes, divided by a message's writes.
 */
import mongoose from 'mongoose';
import { startBenchStores } from './stores.ts';

const N = 2000;
const stores = await startBenchStores('writes');
try {
  await mongoose.connect(stores.mongoUri, { maxPoolSize: 32 });
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
    console.log(
      `${String(writers).padStart(2)} writers: insertOne ${inserts.toFixed(0)}/s, updateOne by _id ${updates.toFixed(0)}/s`,
    );
  }
} finally {
  await mongoose.disconnect();
  await stores.stop();
}
