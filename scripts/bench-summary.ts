/**
 * `npm run bench:summary -- [--sizes 300,3000] [--problems 5000] [--trace]`
 * `npm run bench:summary -- --city [--counties 10,100] [--per-county 300]`: the city case instead
 * (scripts/bench/city.ts); without --city the run is as before.
 *
 * A synthetic county per size (projects; 36 months of reports; problems): time to import its
 * workbook, then to build the daily summary, the monthly roll-up, the 通报 with its chart and the
 * 统计台账 export, with peak RSS. Several sizes side by side show whether cost grows linearly.
 * Its own FerretDB and redis-server; a fresh database per size; stops by itself (--max-seconds).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createWorkCalendar } from '../src/calendar/work-calendar.ts';
import { renderBarChart } from '../src/charts/bar-chart.ts';
import { FixedClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createBulkLoader } from '../src/data/bulk-load.ts';
import { createData } from '../src/data/index.ts';
import { buildLedgerWorkbook } from '../src/export/ledger.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { loadWorkbook } from '../src/import/read-workbook.ts';
import { buildBulletin } from '../src/jobs/bulletin.ts';
import { buildDaily } from '../src/jobs/daily.ts';
import type { ContentEnv } from '../src/jobs/env.ts';
import { buildMonthlyRollup } from '../src/jobs/monthly.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { ROOT } from './bench/child.ts';
import { runCityBench } from './bench/city.ts';
import { countyWorkbook, MONTH, seedHistory, TODAY } from './bench/county.ts';
import { flag, growthRows, numberFlag, rssMb, sampleRss, table, verdict } from './bench/stats.ts';
import { runBench, startBenchStores } from './bench/stores.ts';
import { hostPort, startWireTrace } from './bench/wire-trace.ts';

const argv = process.argv.slice(2);
const SIZES = (flag(argv, 'sizes') ?? '3000').split(',').map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 10) throw new Error(`--sizes: "${s}" is not a project count`);
  return n;
});
const PROBLEMS = numberFlag(argv, 'problems', 5000);
const MAX_S = numberFlag(argv, 'max-seconds', 1800);
/** After a size has run this long, its remaining phases are skipped. */
const SIZE_BUDGET_S = numberFlag(argv, 'size-budget-seconds', 300);
const TRACE = argv.includes('--trace');
/** --cpu-prof PHASE: a CPU profile of that phase, written to .cache/ (open it in Chrome's DevTools). */
const PROFILE_PHASE = flag(argv, 'cpu-prof');

async function startCpuProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(label: string): Promise<string> {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const file = path.join(ROOT, '.cache', `${label}.cpuprofile`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

const PHASES = ['import', 'seed', 'digest', 'daily', 'monthly', 'bulletin', 'ledger'] as const;
type Phase = (typeof PHASES)[number];
const LABEL: Record<Phase, string> = {
  import: '导入工作簿 import',
  seed: '写入36个月报送+问题 (fixture)',
  digest: '建立汇总摘要 digest (one-time)',
  daily: '日报 daily',
  monthly: '月调度 monthly roll-up',
  bulletin: '通报 + 图表 bulletin',
  ledger: '统计台账 ledger export',
};

interface SizeResult {
  size: number;
  seconds: Partial<Record<Phase, number>>;
  rows: { reports: number; problems: number };
  rss: number;
  /** Peak RSS of this process during each phase, MB. */
  phaseRss: Partial<Record<Phase, number>>;
  ferretRss: number;
  note?: string;
}

/** Peak resident memory of a child process (FerretDB), MB. */
function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const CITY = argv.includes('--city');

runBench(async (onExit) => {
  if (!CITY)
    console.log(`bench:summary  sizes=${SIZES.join(',')} problems=${PROBLEMS} (36 months of reports)`);
  const stores = await startBenchStores('summary');
  onExit(() => stores.stop());
  const config = loadConfig({ REDIS_URL: stores.redisUrl, LOG_LEVEL: 'silent', SCHEDULER: '0' });
  const clock = new FixedClock(`${TODAY}T17:30:00+08:00`);
  const calendar = createWorkCalendar([], { warn: () => {} });
  if (CITY) {
    await runCityBench({
      mongoBase: stores.mongoUri.replace(/bench$/, ''),
      env: { config, calendar, clock },
      counties: (flag(argv, 'counties') ?? '10,100').split(',').map(Number),
      perCounty: numberFlag(argv, 'per-county', 300),
      problemsPerCounty: numberFlag(argv, 'problems-per-county', 50),
      onExit,
    });
    return;
  }
  // --trace: every store command crosses a counting proxy (scripts/bench/wire-trace.ts).
  const trace = TRACE ? await startWireTrace(hostPort(stores.mongoUri)) : undefined;
  if (trace) onExit(() => trace.close());
  const results: SizeResult[] = [];

  for (const size of SIZES) {
    const r: SizeResult = {
      size,
      seconds: {},
      rows: { reports: 0, problems: 0 },
      rss: 0,
      phaseRss: {},
      ferretRss: 0,
    };
    results.push(r);
    const base = trace ? `mongodb://127.0.0.1:${trace.port}/` : stores.mongoUri.replace(/bench$/, '');
    const uri = `${base}bench_${size}`;
    await connectMongo(uri);
    onExit(() => disconnectMongo());
    // A fresh data layer per size: nothing read for one county is reused for the next.
    const data = createData();
    const env: ContentEnv = { config, calendar, clock, data };
    const sizeStart = performance.now();
    const phase = async <T>(name: Phase, fn: () => Promise<T>): Promise<T | undefined> => {
      if ((performance.now() - sizeStart) / 1000 > SIZE_BUDGET_S) {
        r.note ??= `stopped after ${SIZE_BUDGET_S} s: later phases skipped`;
        return undefined;
      }
      trace?.start();
      const profiling = PROFILE_PHASE === name ? await startCpuProfile() : undefined;
      const t = performance.now();
      const { out, before, peak } = await sampleRss(fn);
      const s = (performance.now() - t) / 1000;
      trace?.stop();
      if (profiling) console.log(`    CPU profile: ${await profiling.stop(`${name}-${size}`)}`);
      r.seconds[name] = s;
      r.phaseRss[name] = peak;
      console.log(
        `  [${size}] ${LABEL[name]}: ${s.toFixed(2)} s  (RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB)`,
      );
      if (trace) for (const line of trace.report().slice(0, 8)) console.log(`    ${line}`);
      return out;
    };

    const { buffer } = await countyWorkbook(size);
    const imported = await phase('import', async () => {
      const res = await importWorkbook(data, await loadWorkbook(buffer), { actor: 'bench' });
      if (res.errors.length)
        console.log(
          `    import errors: ${res.errors
            .slice(0, 3)
            .map((e) => e.reason)
            .join('; ')}`,
        );
      return res;
    });
    if (imported) console.log(`    ${imported.created} records created`);
    await phase('seed', async () => {
      r.rows = await seedHistory(size, PROBLEMS, (l) => console.log(`    ${l}`));
    });
    // The reports were inserted directly, as a migrated store would hold them: the figures
    // documents are built from them once. Timed on its own, like a migration.
    await phase('digest', () => data.figures.rebuildAll());
    await phase('daily', () => buildDaily(env, TODAY));
    await phase('monthly', () => buildMonthlyRollup(env, MONTH));
    const bulletin = await phase('bulletin', () =>
      buildBulletin(env, MONTH, { renderChart: renderBarChart, today: TODAY }),
    );
    if (bulletin) {
      const kinds = bulletin.map((b) => b.type).join(', ');
      console.log(`    通报: ${bulletin.length} messages (${kinds})`);
    }
    const ledger = await phase('ledger', () =>
      buildLedgerWorkbook(data, MONTH, { timeZone: config.BOT_TIMEZONE }),
    );
    if (ledger) console.log(`    台账: ${(ledger.length / 1024).toFixed(0)} KB`);
    // The summaries must have covered this size's county, not a copy left from another size.
    const covered = (await data.library.projects()).length;
    if (covered !== size) throw new Error(`the summaries saw ${covered} projects, not ${size}`);
    r.rss = rssMb();
    r.ferretRss = peakRssOf(stores.ferretdbPid);
    const { reports, problems } = await createBulkLoader().counts();
    r.rows = { reports, problems };
    await (await import('mongoose')).default.connection.dropDatabase().catch(() => {});
    await disconnectMongo();
  }

  const head = ['phase', ...results.map((r) => `${r.size} projects`)];
  const rows: string[][] = [head];
  for (const p of PHASES) rows.push([LABEL[p], ...results.map((r) => fmt(r.seconds[p]))]);
  rows.push(['reports / problems', ...results.map((r) => `${r.rows.reports} / ${r.rows.problems}`)]);
  for (const p of PHASES)
    rows.push([
      `  RSS peak: ${LABEL[p]}`,
      ...results.map((r) => (r.phaseRss[p] ? `${r.phaseRss[p]!.toFixed(0)} MB` : '-')),
    ]);
  rows.push(['peak RSS bench process (high-water)', ...results.map((r) => `${r.rss.toFixed(0)} MB`)]);
  rows.push(['peak RSS FerretDB', ...results.map((r) => `${r.ferretRss.toFixed(0)} MB`)]);
  console.log(`\n${table(rows)}`);
  for (const r of results) if (r.note) console.log(`  ${r.size}: ${r.note}`);

  if (results.length > 1) {
    console.log('\ngrowth against the smallest size (1.0 = linear; >1 grows faster than the county):');
    const g = growthRows(results, PHASES, LABEL);
    console.log(table(g));
  }

  const at3000 = results.find((r) => r.size === 3000);
  console.log('\nbudgets (2-core machine, embedded FerretDB on SQLite):');
  const b: string[][] = [['budget', 'measured', 'verdict']];
  if (at3000) {
    const bul = at3000.seconds.bulletin;
    const imp = at3000.seconds.import;
    b.push(['通报 for 3,000 projects < 1 s', fmt(bul), bul === undefined ? 'n/a' : verdict(bul < 1)]);
    b.push(['import of 3,000 rows < 10 s', fmt(imp), imp === undefined ? 'n/a' : verdict(imp < 10)]);
  } else {
    b.push(['通报 / import budgets', 'need size 3000 in --sizes', 'n/a']);
  }
  // The bot's work, not the fixture: making the workbook and inserting the history are the test
  // bench's own doing (the seed phase's peak is printed above).
  const botPhases: Phase[] = ['import', 'digest', 'daily', 'monthly', 'bulletin', 'ledger'];
  const peak = Math.max(
    ...results.filter((r) => r.size <= 3000).flatMap((r) => botPhases.map((p) => r.phaseRss[p] ?? 0)),
    0,
  );
  b.push(['peak RSS < 250 MB (bot phases, sizes ≤ 3000)', `${peak.toFixed(0)} MB`, verdict(peak < 250)]);
  console.log(table(b));
}, MAX_S);

function fmt(s: number | undefined): string {
  return s === undefined ? '-' : `${s.toFixed(2)} s`;
}
