/**
 * `npx tsx scripts/bench/field-probe.ts [docs]`: what a full read costs on the embedded FerretDB
 * for the same figures stored in different shapes. It decodes every stored field of every
 * document on each read, so the number of fields — not the bytes — sets the cost; this is why the
 * figures digest and the figures document keep each month as JSON text (README "Performance").
 */
import mongoose from 'mongoose';
import { startBenchStores } from './stores.ts';

const N = Number(process.argv[2] ?? 3000);
const stores = await startBenchStores('fields');
try {
  await mongoose.connect(stores.mongoUri);
  const db = mongoose.connection.db!;
  const month = (i: number) => `20${24 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const entry = (i: number) => ({
    monthAmount: 12_000_000 + i,
    ytdAmount: 45_000_000 + i,
    progressPct: 45,
    progressText: '路基完成60%，桥梁完成30%',
    reporterId: 'zhangwei',
  });
  const months = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [month(i), entry(i)]));
  const shapes: Array<[string, () => Record<string, unknown>]> = [
    ['36 months as sub-documents (180 fields)', () => ({ m: months(36) })],
    [
      '36 months as JSON text each (36 fields)',
      () => ({ m: Object.fromEntries(Object.entries(months(36)).map(([k, v]) => [k, JSON.stringify(v)])) }),
    ],
    ['36 months in one JSON text (1 field)', () => ({ d: JSON.stringify(months(36)) })],
  ];
  console.log(`${N} documents per shape; time of find({}) (best of 2)`);
  for (const [label, make] of shapes) {
    const c = db.collection(`shape${shapes.findIndex((s) => s[0] === label)}`);
    const docs = Array.from({ length: N }, () => make());
    for (let i = 0; i < docs.length; i += 500) await c.insertMany(docs.slice(i, i + 500));
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 2; round++) {
      const t = performance.now();
      await c.find({}).toArray();
      best = Math.min(best, performance.now() - t);
    }
    console.log(`  ${label.padEnd(42)} ${best.toFixed(0).padStart(6)} ms`);
  }
} finally {
  await mongoose.disconnect();
  await stores.stop();
}
