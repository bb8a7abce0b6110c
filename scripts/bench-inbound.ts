/**
 * `npm run bench:inbound -- [--n 1000] [--concurrency 16] [--rate 100] [--paced-seconds 10] [--repeat 3]`
 *
 * Encrypted, signed group-robot callbacks through the whole real path (receiver, store-before-ack,
 * dedupe, parse, handler, FerretDB, Redis, encrypted reply; WeCom's webhook API faked on loopback)
 * with the demo county imported, against a bare Koa echo that only verifies, decrypts and encrypts.
 * Both run in this process, alternately, so the ratio is measured under the same machine load.
 * Its own FerretDB and redis-server on 127.0.0.1; stops by itself (--max-seconds, default 900).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createBulkLoader } from '../src/data/bulk-load.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { createLogger } from '../src/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { wireBot } from '../src/wiring.ts';
import { startFakeWecomApi } from '../test/fake-wecom/api-server.ts';
import { createCallbackClient } from '../test/fake-wecom/callback-client.ts';
import { startEchoBaseline } from './bench/baseline.ts';
import { closedLoop, paced, type Send } from './bench/load.ts';
import { BENCH_WEBHOOK_KEY, benchMessage, type MessageKind } from './bench/messages.ts';
import { startQueryTrace } from './bench/query-trace.ts';
import { type LatencySummary, median, ms, numberFlag, rssMb, table, verdict } from './bench/stats.ts';
import { runBench, startBenchStores } from './bench/stores.ts';

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
const HEAD = ['run', 'ok', 'err', 'throughput', 'p50', 'p95', 'p99', 'max', ''];

runBench(async (onExit) => {
  console.log(`bench:inbound  n=${N} concurrency=${C} rate=${RATE}/s for ${PACED_S} s, ${REPEAT} rounds`);
  const stores = await startBenchStores('inbound');
  onExit(() => stores.stop());
  const api = await startFakeWecomApi();
  onExit(() => api.close());
  api.addKey(BENCH_WEBHOOK_KEY);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-bench-data-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));

  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
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
  });
  const log = createLogger('silent');
  const runtime = await createRuntime({ config, log, mongoUri: stores.mongoUri });
  onExit(() => runtime.stop());
  const imported = await importWorkbook(runtime.data, 'demo/xincheng-demo.xlsx', { actor: 'bench', log });
  console.log(`demo county imported: ${imported.created} records, ${imported.errors.length} errors`);
  await wireBot(runtime);
  const port = await runtime.listen();
  const bot = createCallbackClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, aesKey: AES_KEY });
  const echo = await startEchoBaseline({ token: TOKEN, aesKey: AES_KEY });
  onExit(() => echo.close());
  const echoClient = createCallbackClient({ baseUrl: echo.base, token: TOKEN, aesKey: AES_KEY });

  let seq = 0;
  const samples = new Map<MessageKind, string>();
  const byKind = new Map<MessageKind, number[]>();
  let emptyReplies = 0;
  const failures = new Map<number, number>();
  const sendBot: Send = async () => {
    const m = benchMessage(seq++);
    const r = await bot.sendText(m.input);
    if (r.status === 200 && !r.reply) emptyReplies += 1;
    if (r.reply && !samples.has(m.kind)) samples.set(m.kind, `${m.input.text}\n    → ${r.reply.content}`);
    byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), r.ms]);
    if (r.status !== 200) failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
    return { ok: r.status === 200, ms: r.ms };
  };
  const sendEcho: Send = async (i) => {
    const r = await echoClient.sendText(benchMessage(i).input);
    return { ok: r.status === 200 && Boolean(r.reply), ms: r.ms };
  };

  // Warm up both (JIT, connection pools, the library cache) before measuring.
  console.log('warming up…');
  await closedLoop(60, 4, sendEcho);
  const warm = await closedLoop(60, 4, sendBot);
  console.log(`warm-up: whole path p50 ${ms(warm.p50)}, ${warm.perSecond.toFixed(0)}/s`);
  byKind.clear();

  if (TRACE) {
    // One message at a time, per kind: which store round trips each kind makes and what they cost.
    const trace = startQueryTrace();
    for (const kind of ['report', 'query', 'problem'] as const) {
      const picks = Array.from({ length: 200 }, (_, i) => i).filter((i) => benchMessage(i).kind === kind);
      trace.start();
      const t = performance.now();
      for (const i of picks.slice(0, 12)) await bot.sendText(benchMessage(i).input);
      trace.stop();
      console.log(
        `\n${kind}: ${((performance.now() - t) / 12).toFixed(1)} ms per message, store calls per message:`,
      );
      for (const line of trace.report(12)) console.log(line);
    }
    return;
  }

  const results: string[][] = [HEAD];
  const ratios: number[] = [];
  const botRates: number[] = [];
  const echoRates: number[] = [];
  for (let round = 1; round <= REPEAT; round++) {
    const e = await closedLoop(N, C, sendEcho);
    const b = await closedLoop(N, C, sendBot);
    const ratio = b.perSecond / e.perSecond;
    ratios.push(ratio);
    botRates.push(b.perSecond);
    echoRates.push(e.perSecond);
    results.push(row(`#${round} baseline echo`, e));
    results.push(row(`#${round} whole path`, b, `ratio ${(ratio * 100).toFixed(1)}%`));
    console.log(`round ${round}: echo ${e.perSecond.toFixed(0)}/s, bot ${b.perSecond.toFixed(0)}/s`);
  }
  const pacedN = Math.round(RATE * PACED_S);
  const pacedEcho = await paced(pacedN, RATE, sendEcho);
  const pacedBot = await paced(pacedN, RATE, sendBot);
  results.push(row(`paced ${RATE}/s echo`, pacedEcho, `sender lag ≤ ${ms(pacedEcho.maxLagMs)}`));
  results.push(row(`paced ${RATE}/s whole path`, pacedBot, `sender lag ≤ ${ms(pacedBot.maxLagMs)}`));

  console.log(`\n${table(results)}`);
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

  const { inbound: stored, reports, problems } = await createBulkLoader().counts();
  console.log(
    `\nstored: ${stored} inbound messages, ${reports} progress reports, ${problems} problems; ` +
      `${emptyReplies} answers went out by webhook (over the ${config.REPLY_BUDGET_MS} ms reply budget); ` +
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
  console.log('\nbudgets (2-core machine, embedded FerretDB on SQLite):');
  console.log(
    table([
      ['budget', 'measured', 'verdict'],
      [
        `callback p99 < ${BUDGET_P99_MS} ms at ${RATE}/s`,
        ms(pacedBot.p99),
        verdict(pacedBot.p99 < BUDGET_P99_MS && pacedBot.errors === 0),
      ],
      [
        `throughput ≥ ${BUDGET_RATIO * 100}% of the echo baseline`,
        `${(ratio * 100).toFixed(1)}% (median of ${REPEAT}; ${spread})`,
        verdict(ratio >= BUDGET_RATIO),
      ],
      ['peak RSS < 250 MB (bench process, both servers)', `${rssMb().toFixed(0)} MB`, verdict(rssMb() < 250)],
    ]),
  );
  console.log(`noise: echo ${noise(echoRates)}, whole path ${noise(botRates)}`);
}, MAX_S);
