/**
 * `npx tsx scripts/faults-crash.ts [total] [killAt]`: the crash scenario of test/faults at full size
 * (default 500 reports, kill -9 at 250 acknowledged) on a FerretDB and a redis-server of its own.
 * Too slow for `npm test`, which runs the same scenario with 80. Prints the measured outcome.
 */
import { ensureFerretdbBinary } from '../src/store/ferretdb.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { crashScenario } from '../test/faults/crash-scenario.ts';
import { ownRedis, ownStore } from '../test/faults/harness.ts';

const total = Number(process.argv[2] ?? 500);
const killAt = Number(process.argv[3] ?? Math.floor(total / 2));
const store = await ownStore(await ensureFerretdbBinary({ progress: console.log }));
const redis = await ownRedis();
try {
  await connectMongo(store.uri);
  const out = await crashScenario({
    mongoUri: store.uri,
    redisUrl: redis.url,
    total,
    killAt,
    progress: (l) => console.log(l),
    processTimeoutMs: 1_200_000,
  });
  console.log(JSON.stringify(out, null, 2));
  const ok =
    out.inboundStored === total &&
    out.reportsStored === total &&
    out.duplicateReports === 0 &&
    out.replies === total &&
    out.duplicateReplies === 0 &&
    out.otherReplies.length === 0;
  console.log(
    `kill -9 at ${out.ackedBeforeKill}/${total}: ${out.reportsStored} stored, ${out.duplicateReports} duplicates, ` +
      `${out.replies} replies (${out.duplicateReplies} twice, ${out.missingReplies} missing) in ${out.seconds} s: ${ok ? 'OK' : 'FAILED'}`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await disconnectMongo();
  await redis.stop();
  await store.remove();
}
