/**
 * `npm run bench:inbound -- [--n 1000] [--concurrency 16] [--rate 100] [--paced-seconds 10] [--repeat 3]
 *   [--bot dist|tsx] [--cpu-prof DIR] [--wire] [--ref COMMIT] [--trace]`
 *
 * Encrypted, signed group-robot callbacks through the whole real path (receiver, store-before-ack,
 * dedupe, parse, handler, FerretDB, Redis, encrypted reply; WeCom's webhook API faked on loopback)
 * with the demo county imported, against a bare Koa echo that only verifies, decrypts and encrypts.
 * The bot runs as its own process as `npm start` runs it (node on dist/), the echo as another; this
 * process only sends, to one and then the other, round after round, so the ratio is measured under the
 * same machine load. Each server's CPU time per message and peak memory come from its own process.
 * `--trace` instead runs the bot in this process and lists the store calls each kind of message makes.
 * Its own FerretDB and redis-server on 127.0.0.1; stops by itself (--max-seconds, default 900).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBulkLoader } from '../src/data/bulk-load.ts';
import { createData } from '../src/data/index.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { freePort } from '../src/store/ferretdb.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { startFakeWecomApi } from '../test/fake-wecom/api-server.ts';
import { createCallbackClient } from '../test/fake-wecom/callback-client.ts';
import { buildDist, type ChildServer, cpuMsOf, startChild } from './bench/child.ts';
import { closedLoop, paced, type Send } from './bench/load.ts';
import { BENCH_WEBHOOK_KEY, benchMessage, type MessageKind } from './bench/messages.ts';
import { startRedisTrace } from './bench/redis-trace.ts';
import { referenceCheckout, startReferenceBot } from './bench/reference.ts';
import { flag, type LatencySummary, median, ms, numberFlag, table, verdict } from './bench/stats.ts';
import { runBench, startBenchStores } from './bench/stores.ts';
import { hostPort, startWireTrace } from './bench/wire-trace.ts';

const TOKEN = 'benchToken123';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const BUDGET_P99_MS = 50;
const BUDGET_RATIO = 0.25;

const argv = process.argv.slice(2);
const N = numberFlag(argv, 'n', 1000);
const C = numberFlag(argv, 'concurrency', 16);
const RATE = numberFlag(argv, 'rate', 100);
const PACED_S = numberFlag(argv, 'paced-seconds', 10);
const REPEAT = numberFlag(argv, 'repeat', 3);
const MAX_S = numberFlag(argv, 'max-seconds', 900);
const TRACE = argv.includes('--trace');
/** Count the store round trips under load too (through the counting proxy, which costs this process CPU). */
const WIRE = argv.includes('--wire');
/** An earlier commit measured back to back with this one (its own store, as its npm start ran it). */
const REF = flag(argv, 'ref');
const BOT = flag(argv, 'bot') ?? 'dist';
const CPU_PROF = flag(argv, 'cpu-prof');

const row = (label: string, s: LatencySummary, extra = '') => [
  label,
  String(s.n),
  String(s.errors),
  `${s.perSecond.toFixed(0)}/s`,
  ms(s.p50),
  ms(s.p95),
  ms(s.p99),
  ms(s.max),
  extra,
];
const HEAD = ['run', 'ok', 'err', 'throughput', 'p50', 'p95', 'p99', 'max', 'CPU ms per message'];

const say = (l: string) => console.log(`  ${l}`);

runBench(async (onExit) => {
  console.log(
    `bench:inbound  n=${N} concurrency=${C} rate=${RATE}/s for ${PACED_S} s, ${REPEAT} rounds, bot=${BOT}`,
  );
  const stores = await startBenchStores('inbound');
  onExit(() => stores.stop());
  const api = await startFakeWecomApi();
  onExit(() => api.close());
  api.addKey(BENCH_WEBHOOK_KEY);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-bench-data-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MONGODB_URI: stores.mongoUri,
    REDIS_URL: stores.redisUrl,
    DATA_DIR: dataDir,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.base,
    SCHEDULER: '0',
    // Six contacts send hundreds of messages a second here; the per-person flood limit is a policy,
    // not part of the path being measured.
    USER_RATE_PER_MIN: '10000000',
  };
  if (TRACE) return trace(env, stores.mongoUri, onExit);

  await connectMongo(stores.mongoUri);
  const imported = await importWorkbook(createData(), 'demo/xincheng-demo.xlsx', { actor: 'bench' });
  await disconnectMongo();
  console.log(`demo county imported: ${imported.created} records, ${imported.errors.length} errors`);
  if (BOT === 'dist') buildDist();
  const wire = WIRE ? await startWireTrace(hostPort(stores.mongoUri)) : undefined;
  if (wire) onExit(() => wire.close());
  const botPort = await freePort();
  const bot = await startChild({
    label: 'bot',
    args: [
      // --cpu-prof DIR: the bot's own CPU profile, written when it stops.
      ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []),
      ...(BOT === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts']),
    ],
    env: {
      ...env,
      PORT: String(botPort),
      ...(wire ? { MONGODB_URI: `mongodb://127.0.0.1:${wire.port}/bench` } : {}),
    },
    port: botPort,
  });
  onExit(() => bot.stop());
  const echoPort = await freePort();
  const echo = await startChild({
    label: 'echo baseline',
    args: ['--import', 'tsx', 'scripts/bench/echo-main.ts', String(echoPort), TOKEN, AES_KEY],
    env: {},
    port: echoPort,
  });
  onExit(() => echo.stop());
  const reference = REF
    ? await startReferenceBot(referenceCheckout(REF, say), { ...env, REDIS_KEY_PREFIX: 'ref:' }, say)
    : undefined;
  if (reference) onExit(() => reference.stop());
  const refClient = reference
    ? createCallbackClient({ baseUrl: reference.base, token: TOKEN, aesKey: AES_KEY })
    : undefined;
  const botClient = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
  const echoClient = createCallbackClient({ baseUrl: echo.base, token: TOKEN, aesKey: AES_KEY });

  let seq = 0;
  const samples = new Map<MessageKind, string>();
  const byKind = new Map<MessageKind, number[]>();
  let emptyReplies = 0;
  const failures = new Map<number, number>();
  const sendBot: Send = async () => {
    const m = benchMessage(seq++);
    const r = await botClient.sendText(m.input);
    if (r.status === 200 && !r.reply) emptyReplies += 1;
    if (r.reply && !samples.has(m.kind)) samples.set(m.kind, `${m.input.text}\n    → ${r.reply.content}`);
    byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), r.ms]);
    if (r.status !== 200) failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
    return { ok: r.status === 200, ms: r.ms };
  };
  let refSeq = 0;
  let refFailures = 0;
  const sendRef: Send = async () => {
    const r = await refClient!.sendText(benchMessage(refSeq++).input);
    if (r.status !== 200) refFailures += 1;
    return { ok: r.status === 200, ms: r.ms };
  };
  const sendEcho: Send = async (i) => {
    const r = await echoClient.sendText(benchMessage(i).input);
    return { ok: r.status === 200 && Boolean(r.reply), ms: r.ms };
  };
  /** Runs a load and reports the CPU time per message of the server, the store and Redis alongside. */
  const measured = async (server: ChildServer, n: number, run: () => Promise<LatencySummary>) => {
    const pids = [server.pid, stores.ferretdbPid, stores.redisPid];
    const before = pids.map(cpuMsOf);
    const s = await run();
    const [own, store, redis] = pids.map((pid, i) => (cpuMsOf(pid) - before[i]!) / n);
    return { ...s, cpuPerMsg: own!, storeCpu: store!, redisCpu: redis! };
  };

  // Warm up both (JIT, connection pools, the library cache) before measuring.
  console.log('warming up…');
  await closedLoop(200, 4, sendEcho);
  const warm = await closedLoop(200, 4, sendBot);
  if (reference) await closedLoop(200, 4, sendRef);
  console.log(`warm-up: whole path p50 ${ms(warm.p50)}, ${warm.perSecond.toFixed(0)}/s`);
  byKind.clear();

  const results: string[][] = [HEAD];
  const ratios: number[] = [];
  const botRates: number[] = [];
  const echoRates: number[] = [];
  const botCpu: number[] = [];
  const echoCpu: number[] = [];
  const storeCpu: number[] = [];
  const refRates: number[] = [];
  const redisCpu: number[] = [];
  for (let round = 1; round <= REPEAT; round++) {
    const e = await measured(echo, N, () => closedLoop(N, C, sendEcho));
    wire?.start();
    const b = await measured(bot, N, () => closedLoop(N, C, sendBot));
    wire?.stop();
    if (reference) {
      const r = await measured(reference, N, () => closedLoop(N, C, sendRef));
      refRates.push(r.perSecond);
      results.push(
        row(`#${round} ${REF} (reference)`, r, `${r.cpuPerMsg.toFixed(2)} (its store not counted)`),
      );
    }
    const ratio = b.perSecond / e.perSecond;
    ratios.push(ratio);
    botRates.push(b.perSecond);
    echoRates.push(e.perSecond);
    botCpu.push(b.cpuPerMsg);
    echoCpu.push(e.cpuPerMsg);
    results.push(row(`#${round} baseline echo`, e, `${e.cpuPerMsg.toFixed(2)}`));
    results.push(
      row(
        `#${round} whole path`,
        b,
        `${b.cpuPerMsg.toFixed(2)} + store ${b.storeCpu.toFixed(2)} + redis ${b.redisCpu.toFixed(2)}; ` +
          `ratio ${(ratio * 100).toFixed(1)}%`,
      ),
    );
    storeCpu.push(b.storeCpu);
    redisCpu.push(b.redisCpu);
    console.log(`round ${round}: echo ${e.perSecond.toFixed(0)}/s, bot ${b.perSecond.toFixed(0)}/s`);
  }
  const pacedN = Math.round(RATE * PACED_S);
  const pacedEcho = await paced(pacedN, RATE, sendEcho);
  const pacedBot = await paced(pacedN, RATE, sendBot);
  results.push(row(`paced ${RATE}/s echo`, pacedEcho, `sender lag ≤ ${ms(pacedEcho.maxLagMs)}`));
  results.push(row(`paced ${RATE}/s whole path`, pacedBot, `sender lag ≤ ${ms(pacedBot.maxLagMs)}`));

  console.log(`\n${table(results)}`);
  if (wire) {
    console.log(`\nstore round trips per message, ${C} in flight (last round):`);
    for (const line of wire.report(N)) console.log(`  ${line}`);
  }
  console.log('\nwhole path by message kind (all rounds):');
  const kinds: string[][] = [['kind', 'n', 'p50', 'p95', 'p99']];
  for (const [k, xs] of byKind) {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p: number) => ms(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
    kinds.push([k, String(s.length), q(50), q(95), q(99)]);
  }
  console.log(table(kinds));
  console.log('\nsample exchanges:');
  for (const [k, s] of samples) console.log(`  [${k}] ${s.replaceAll('\n', '\n    ')}`);

  await connectMongo(stores.mongoUri);
  const { inbound: stored, reports, problems } = await createBulkLoader().counts();
  await disconnectMongo();
  console.log(
    `\nstored: ${stored} inbound messages, ${reports} progress reports, ${problems} problems; ` +
      `${emptyReplies} answers went out by webhook (over the reply budget); ` +
      `webhook posts received by the fake API: ${api.sent().length}`,
  );
  if (failures.size)
    console.log(
      `failed callbacks by HTTP status: ${[...failures].map(([st, n]) => `${st} ×${n}`).join(', ')}`,
    );

  const ratio = median(ratios);
  const spread = `min ${(Math.min(...ratios) * 100).toFixed(1)}% / max ${(Math.max(...ratios) * 100).toFixed(1)}%`;
  const noise = (xs: number[]) =>
    `${(((Math.max(...xs) - Math.min(...xs)) / median(xs)) * 100).toFixed(0)}% spread between rounds`;
  const rss = bot.peakRssMb();
  // Where the bot's memory is, from its own /metrics (prom-client's process and heap gauges).
  const metrics = await fetch(`${bot.base}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const gauge = (re: RegExp) =>
    [...metrics.matchAll(re)].map((m) => `${m[1]} ${(Number(m[2]) / 2 ** 20).toFixed(0)} MB`).join(', ');
  const memory = [
    gauge(/^(?:xmdd_)?process_(resident_memory)_bytes (\S+)$/gm),
    gauge(/^(?:xmdd_)?nodejs_heap_space_size_total_bytes\{space="(\w+)"\} (\S+)$/gm),
    gauge(/^(?:xmdd_)?nodejs_(external_memory)_bytes (\S+)$/gm),
  ]
    .filter(Boolean)
    .join('; ');
  if (memory) console.log(`bot memory now: ${memory}`);
  console.log('\nbudgets (2-core machine, embedded FerretDB on SQLite):');
  console.log(
    table([
      ['budget', 'measured', 'verdict'],
      [
        `callback p99 < ${BUDGET_P99_MS} ms at ${RATE}/s, nothing refused`,
        `${ms(pacedBot.p99)}, ${pacedBot.errors} refused`,
        verdict(pacedBot.p99 < BUDGET_P99_MS && pacedBot.errors === 0),
      ],
      [
        `throughput ≥ ${BUDGET_RATIO * 100}% of the echo baseline`,
        `${(ratio * 100).toFixed(1)}% (median of ${REPEAT}; ${spread})`,
        verdict(ratio >= BUDGET_RATIO),
      ],
      ['peak RSS of the bot process < 250 MB', `${rss.toFixed(0)} MB`, verdict(rss < 250)],
    ]),
  );
  console.log(
    `whole path ${median(botRates).toFixed(0)}/s; CPU per message: bot ${median(botCpu).toFixed(2)} ms, ` +
      `store ${median(storeCpu).toFixed(2)} ms, redis ${median(redisCpu).toFixed(2)} ms; echo ${median(echoCpu).toFixed(2)} ms`,
  );
  console.log(`noise: echo ${noise(echoRates)}, whole path ${noise(botRates)}`);
  if (reference) {
    const times = median(botRates.map((b, i) => b / refRates[i]!));
    console.log(
      `\nthis build vs ${REF}, back to back: ${median(botRates).toFixed(0)}/s vs ${median(refRates).toFixed(0)}/s, ` +
        `${times.toFixed(2)}× (median of ${REPEAT} rounds; budget ≥ 3×: ${verdict(times >= 3)}); ` +
        `reference callbacks refused: ${refFailures}`,
    );
  }
}, MAX_S);

/**
 * One message at a time, per kind, to the bot in its own process: the store round trips (through a
 * counting proxy on its MONGODB_URI) and Redis commands (MONITOR) each kind of message makes.
 */
async function trace(
  env: Record<string, string>,
  mongoUri: string,
  onExit: (f: () => Promise<void>) => void,
): Promise<void> {
  await connectMongo(mongoUri);
  await importWorkbook(createData(), 'demo/xincheng-demo.xlsx', { actor: 'bench' });
  await disconnectMongo();
  const wire = await startWireTrace(hostPort(mongoUri));
  onExit(() => wire.close());
  const redis = await startRedisTrace(env.REDIS_URL!);
  onExit(async () => redis.close());
  if (BOT === 'dist') buildDist();
  const port = await freePort();
  const bot = await startChild({
    label: 'bot',
    args: BOT === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'],
    env: { ...env, PORT: String(port), MONGODB_URI: `mongodb://127.0.0.1:${wire.port}/bench` },
    port,
  });
  onExit(() => bot.stop());
  const client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
  for (let i = 0; i < 60; i++) await client.sendText(benchMessage(i).input);
  for (const kind of ['report', 'query', 'problem'] as const) {
    const picks = Array.from({ length: 200 }, (_, i) => i).filter((i) => benchMessage(i).kind === kind);
    wire.start();
    redis.start();
    const t = performance.now();
    for (const i of picks.slice(0, 12)) await client.sendText(benchMessage(i + 1000).input);
    const took = (performance.now() - t) / 12;
    // Work after the answer (done marks) lands within moments.
    await new Promise((r) => setTimeout(r, 300));
    wire.stop();
    await redis.stop();
    console.log(`\n${kind}: ${took.toFixed(1)} ms per message, one at a time; per message:`);
    for (const line of [...wire.report(12), ...redis.report(12)]) console.log(`  ${line}`);
  }
}
