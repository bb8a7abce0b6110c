/**
 * `npm run bench:busy -- [--projects 3000] [--seconds 40] [--burst-seconds 20] [--bot tsx|dist] [--cpu-prof DIR]`
 *
 * A county's busy day, measured from outside: the bot runs as its own process (as `npm start` runs
 * it) on a store that already holds 36 months of a county of `--projects` projects. While chat comes
 * in — 20 reports a second spread over the county, and 16 reports in flight all the time for one hot
 * project — a 3,000-row workbook import and the bulletin job run from the command line beside it.
 * Then a burst of 100 messages a second for `--burst-seconds` on one project.
 *
 * Budgets (issue 12): no error and no 503 anywhere; chat p99 < 200 ms; import < 10 s; bulletin < 2 s;
 * the burst refused nowhere (over the reply budget, answers go through the webhook).
 * Its own FerretDB and redis-server on 127.0.0.1; stops by itself (--max-seconds).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from '../src/config.ts';
import { createBulkLoader } from '../src/data/bulk-load.ts';
import { createData } from '../src/data/index.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { loadWorkbook } from '../src/import/read-workbook.ts';
import { freePort } from '../src/store/ferretdb.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { startFakeWecomApi } from '../test/fake-wecom/api-server.ts';
import { createCallbackClient } from '../test/fake-wecom/callback-client.ts';
import { buildDist } from './bench/child.ts';
import { countyWorkbook, seedHistory, TODAY } from './bench/county.ts';
import { paced } from './bench/load.ts';
import { flag, type LatencySummary, ms, numberFlag, summarise, table, verdict } from './bench/stats.ts';
import { runBench, startBenchStores } from './bench/stores.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TOKEN = 'benchToken123';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const CHAT = 'wr-busy-dispatch';
const KEY = 'bench-key-1';

const argv = process.argv.slice(2);
const PROJECTS = numberFlag(argv, 'projects', 3000);
const SECONDS = numberFlag(argv, 'seconds', 40);
const BURST_S = numberFlag(argv, 'burst-seconds', 20);
const MAX_S = numberFlag(argv, 'max-seconds', 1800);
const BOT = flag(argv, 'bot') ?? 'dist';
/** Write the bot's CPU profile into this directory when it stops (node --cpu-prof). */
const CPU_PROF = flag(argv, 'cpu-prof');

const code = (i: number) => `SC-${String(i + 1).padStart(5, '0')}`;
const contactOf = (i: number) => `contact${Math.floor(i / 10) + 1}`;

/** Peak resident memory of a process, MB (its high-water mark, from /proc). */
function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Runs an npm script of this project as a separate process; resolves with its time and output. */
function runScript(
  args: string[],
  env: Record<string, string>,
): Promise<{ s: number; code: number; out: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      cwd: ROOT,
      env: inheritedEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('close', (c) => resolve({ s: (performance.now() - started) / 1000, code: c ?? -1, out }));
  });
}

runBench(async (onExit) => {
  console.log(`bench:busy  projects=${PROJECTS} chat ${SECONDS} s, burst ${BURST_S} s, bot=${BOT}`);
  const stores = await startBenchStores('busy');
  onExit(() => stores.stop());
  const api = await startFakeWecomApi();
  onExit(() => api.close());
  api.addKey(KEY);
  api.addKey('bench-key-2');
  const work = mkdtempSync(path.join(os.tmpdir(), 'xmdd-busy-'));
  process.once('exit', () => rmSync(work, { recursive: true, force: true }));

  // The county, loaded before the day starts (not measured).
  let t = performance.now();
  await connectMongo(stores.mongoUri);
  const data = createData();
  const { buffer } = await countyWorkbook(PROJECTS);
  await importWorkbook(data, await loadWorkbook(buffer), { actor: 'bench' });
  const seeded = await seedHistory(PROJECTS, 5000, (l) => console.log(`  ${l}`));
  await data.figures.rebuildAll();
  await disconnectMongo();
  console.log(
    `county loaded: ${PROJECTS} projects, ${seeded.reports} reports, ${seeded.problems} problems (${((performance.now() - t) / 1000).toFixed(0)} s)`,
  );
  // The workbook the 重大办 imports mid-day: every project's annual plan revised.
  const revised = path.join(work, 'revised.xlsx');
  writeFileSync(revised, (await countyWorkbook(PROJECTS, { planRevision: 1 })).buffer);

  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MONGODB_URI: stores.mongoUri,
    REDIS_URL: stores.redisUrl,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.base,
    SCHEDULER: '0',
    DATA_DIR: work,
    // One hot project's contact sends far more than a person types: flood control is a policy, not
    // the path measured here.
    USER_RATE_PER_MIN: '10000000',
  };
  if (BOT === 'dist') buildDist();
  const entry = [
    ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(CPU_PROF)] : []),
    ...(BOT === 'dist' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts']),
  ];
  const bot = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: inheritedEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let botOut = '';
  bot.stdout.on('data', (b: Buffer) => {
    botOut += b.toString();
  });
  bot.stderr.on('data', (b: Buffer) => {
    botOut = (botOut + b.toString()).slice(-20_000);
  });
  onExit(
    () =>
      new Promise<void>((resolve) => {
        if (bot.exitCode !== null) return resolve();
        bot.once('exit', () => resolve());
        bot.kill('SIGTERM');
      }),
  );
  t = performance.now();
  while (!botOut.includes('listening on')) {
    if (bot.exitCode !== null) throw new Error(`bot exited before listening:\n${botOut}`);
    if (performance.now() - t > 120_000) throw new Error(`bot did not start:\n${botOut}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`bot started (${((performance.now() - t) / 1000).toFixed(1)} s), pid ${bot.pid}`);
  const client = createCallbackClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, aesKey: AES_KEY });
  let seq = 0;
  const statuses = new Map<number, number>();
  const report = async (i: number, wan: number) => {
    const started = performance.now();
    // WeCom waits 5 s and retries; an answer that has not come in 30 s counts as an error here.
    const r = await Promise.race([
      client.sendText({
        userId: contactOf(i),
        chatId: CHAT,
        chatType: 'group',
        webhookKey: KEY,
        text: `进度 ${code(i)} 本月完成投资${wan}万元，形象进度：完成${(seq % 90) + 5}%`,
        msgId: `busy-${Date.now()}-${seq++}`,
      }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no answer in 30 s')), 30_000).unref(),
      ),
    ]);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    return { ok: r.status === 200, ms: performance.now() - started };
  };

  // The busy day: spread chat, a hot project, and the import and bulletin beside them.
  const spread = paced(SECONDS * 20, 20, (i) => report((i * 7919) % PROJECTS, 100 + (i % 900)));
  let hotDone = false;
  const hotLatencies: number[] = [];
  let hotErrors = 0;
  const hot = (async () => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (!hotDone) {
          const r = await report(0, 100 + (seq % 500)).catch(() => ({ ok: false, ms: Number.NaN }));
          if (r.ok) hotLatencies.push(r.ms);
          else hotErrors++;
        }
      }),
    );
    return summarise(hotLatencies, hotErrors, (performance.now() - started) / 1000);
  })();
  await new Promise((r) => setTimeout(r, Math.min(5, SECONDS / 4) * 1000));
  const scriptEnv = { ...env, PORT: '0', LOG_LEVEL: 'warn' };
  console.log(`chat running (${SECONDS} s); importing the revised workbook beside it…`);
  const imported = await runScript(['import', '--', revised], scriptEnv);
  console.log(`  import finished (${imported.s.toFixed(1)} s); the bulletin job…`);
  const bulletin = await runScript(['job', '--', 'bulletin', '--date', TODAY, '--force'], scriptEnv);
  console.log(`  bulletin finished (${bulletin.s.toFixed(1)} s); waiting for the chat to end…`);
  const spreadResult = await spread;
  hotDone = true;
  const hotResult: LatencySummary = await hot;
  const jobSeconds = Number(/job took ([\d.]+) s/.exec(bulletin.out)?.[1] ?? Number.NaN);

  // The burst: 100 messages a second on one project.
  const before503 = statuses.get(503) ?? 0;
  console.log(`burst: ${BURST_S * 100} messages at 100/s on one project…`);
  const burst = await paced(BURST_S * 100, 100, (i) => report(1, 100 + (i % 800)));
  const burst503 = (statuses.get(503) ?? 0) - before503;
  await new Promise((r) => setTimeout(r, 3000));
  await connectMongo(stores.mongoUri);
  const counts = await createBulkLoader().counts();
  await disconnectMongo();
  const rss = peakRss(bot.pid ?? 0);

  const lat = (s: LatencySummary) => [
    String(s.n),
    String(s.errors),
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    ms(s.max),
  ];
  console.log(
    `\n${table([
      ['traffic', 'ok', 'err', 'p50', 'p95', 'p99', 'max'],
      ['spread, 20 reports/s', ...lat(spreadResult)],
      ['hot project, 16 in flight', ...lat(hotResult)],
      [`burst, 100/s for ${BURST_S} s`, ...lat(burst)],
    ])}`,
  );
  console.log(
    `\nHTTP statuses: ${[...statuses].map(([s, n]) => `${s} ×${n}`).join(', ')}; stored: ${counts.inbound} inbound, ${counts.reports} reports`,
  );
  console.log(
    `import (${PROJECTS.toLocaleString('en-US')} rows, every plan revised): ${imported.s.toFixed(1)} s, exit ${imported.code}`,
  );
  console.log(
    `bulletin job: ${bulletin.s.toFixed(1)} s wall (process start included), job ${Number.isFinite(jobSeconds) ? `${jobSeconds.toFixed(2)} s` : '-'}, exit ${bulletin.code}`,
  );
  if (imported.code !== 0) console.log(imported.out.slice(-2000));
  if (bulletin.code !== 0) console.log(bulletin.out.slice(-2000));
  const errors = spreadResult.errors + hotResult.errors + burst.errors;
  const chatP99 = Math.max(spreadResult.p99, hotResult.p99);
  console.log(
    `\n${table([
      ['budget', 'measured', 'verdict'],
      [
        'no error, no 503 anywhere',
        `${errors} errors, ${statuses.get(503) ?? 0} × 503`,
        verdict(errors === 0 && !statuses.get(503)),
      ],
      ['chat p99 < 200 ms', ms(chatP99), verdict(chatP99 < 200)],
      ['import < 10 s', `${imported.s.toFixed(1)} s`, verdict(imported.code === 0 && imported.s < 10)],
      [
        'bulletin < 2 s',
        `${(Number.isFinite(jobSeconds) ? jobSeconds : bulletin.s).toFixed(2)} s`,
        verdict(bulletin.code === 0 && (Number.isFinite(jobSeconds) ? jobSeconds : bulletin.s) < 2),
      ],
      [
        `burst refused nowhere`,
        `${burst503} × 503, ${burst.errors} errors`,
        verdict(burst503 === 0 && burst.errors === 0),
      ],
      ['peak RSS of the bot', `${rss.toFixed(0)} MB`, verdict(rss < 250)],
    ])}`,
  );
  const warnings = botOut.split('\n').filter((l) => /"level":"?(warn|error|fatal|40|50|60)\b/.test(l));
  if (warnings.length)
    console.log(`\nbot warnings/errors (${warnings.length}):\n${warnings.slice(0, 10).join('\n')}`);
}, MAX_S);
