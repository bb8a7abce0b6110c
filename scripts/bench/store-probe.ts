/**
 * `npx tsx scripts/bench/store-probe.ts`: how FerretDB on SQLite answers the query shapes the bot
 * uses, as a collection grows: equality on an indexed field, on an unindexed field, a range, $in,
 * and updateOne by an indexed field. A cost that grows with the collection means a full scan.
 */
import mongoose from 'mongoose';
import { startBenchStores } from './stores.ts';

const stores = await startBenchStores('probe');
try {
  await mongoose.connect(stores.mongoUri);
  const coll = mongoose.connection.db!.collection('probe');
  await coll.createIndex({ key: 1 }, { unique: true });
  const time = async (label: string, fn: (i: number) => Promise<unknown>, n = 30) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await fn(i);
    return `${label} ${((performance.now() - t) / n).toFixed(2)} ms`;
  };
  let have = 0;
  for (const size of (process.argv[2] ?? '100,1000,5000,20000').split(',').map(Number)) {
    const docs = Array.from({ length: size - have }, (_, j) => ({
      key: `k${have + j}`,
      other: `o${have + j}`,
      n: have + j,
      raw: 'x'.repeat(800),
    }));
    for (let i = 0; i < docs.length; i += 1000) await coll.insertMany(docs.slice(i, i + 1000));
    have = size;
    const pick = (i: number) => (i * 7919) % size;
    // Ids from across the collection (the last ones too): a scan that stops at the first match
    // answers the first rows quickly and would hide a missing index.
    const spread = async () =>
      (await coll.find({}, { projection: { _id: 1, key: 1 } }).toArray()).filter(
        (_, j, all) => j % Math.max(1, Math.floor(all.length / 20)) === 0 || j === all.length - 1,
      );
    const out = [
      await time('findOne{indexed}', (i) => coll.findOne({ key: `k${pick(i)}` })),
      await time('findOne{unindexed}', (i) => coll.findOne({ other: `o${pick(i)}` })),
      await time('updateOne{indexed}', (i) => coll.updateOne({ key: `k${pick(i)}` }, { $set: { s: i } })),
      await time(
        'find{range 10}',
        (i) => coll.find({ n: { $gte: pick(i), $lt: pick(i) + 10 } }).toArray(),
        5,
      ),
      await time('find{$in 3}', (i) => coll.find({ key: { $in: [`k${pick(i)}`, 'k1', 'k2'] } }).toArray(), 5),
      await (async () => {
        const ids = (await spread()).map((d) => d._id);
        return time('findOne{_id}', (i) => coll.findOne({ _id: ids[i % ids.length] }), 20);
      })(),
      await (async () => {
        const ids = (await spread()).map((d) => d._id);
        return time(
          'updateOne{_id}',
          (i) => coll.updateOne({ _id: ids[i % ids.length] }, { $set: { s: i } }),
          20,
        );
      })(),
      await (async () => {
        const docs = await spread();
        return time(
          'updateOne{_id,key}',
          (i) =>
            coll.updateOne(
              { _id: docs[i % docs.length]!._id, key: docs[i % docs.length]!.key },
              { $set: { s: i } },
            ),
          20,
        );
      })(),
    ];
    console.log(`${String(size).padStart(6)} docs: ${out.join(' · ')}`);
  }
} finally {
  await mongoose.disconnect();
  await stores.stop();
}
