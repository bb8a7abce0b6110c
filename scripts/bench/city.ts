/**
 * `npm run bench:summary -- --city [--counties 10,100] [--per-county 300] [--problems-per-county 50]`:
 * a synthetic city of N counties of P projects each (the same 项目编号 in every county, 36 months
 * of reports), imported county by county (`--county`), then the city 通报 (one row per county,
 * sectors summed, the chart by county). Prints the time of each phase and its peak RSS for each N,
 * the growth against the smallest N (1.0 = linear in counties), and the budgets: city 通报 < 5 s and
 * RSS < 400 MB for 100 counties.
 */
import mongoose from 'mongoose';
import { renderBarChart } from '../../src/charts/bar-chart.ts';
import { createData } from '../../src/data/index.ts';
import { projectRef } from '../../src/domain/county.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { loadWorkbook } from '../../src/import/read-workbook.ts';
import { buildCityBulletin } from '../../src/jobs/city-bulletin.ts';
import type { ContentEnv } from '../../src/jobs/env.ts';
import { connectMongo, disconnectMongo } from '../../src/store/mongo.ts';
import { countyWorkbook, MONTH, seedHistory, TODAY } from './county.ts';
import { growthRows, sampleRss, table, verdict } from './stats.ts';

const PHASES = ['import', 'seed', 'digest', 'city'] as const;
type Phase = (typeof PHASES)[number];
const LABEL: Record<Phase, string> = {
  import: '导入各县区工作簿 import (--county)',
  seed: '写入36个月报送+问题 (fixture)',
  digest: '建立汇总摘要 digest (one-time)',
  city: '全市通报 + 县区图表 city 通报',
};
/** The phases that are the bot's work, not the bench's fixture. */
const BOT_PHASES: Phase[] = ['import', 'digest', 'city'];

interface CityResult {
  counties: number;
  seconds: Partial<Record<Phase, number>>;
  rss: Partial<Record<Phase, number>>;
  reports: number;
}

export async function runCityBench(opts: {
  mongoBase: string;
  env: Omit<ContentEnv, 'data'>;
  counties: number[];
  perCounty: number;
  problemsPerCounty: number;
  onExit: (fn: () => Promise<void>) => void;
}): Promise<void> {
  const { perCounty } = opts;
  console.log(
    `bench:summary --city  counties=${opts.counties.join(',')} × ${perCounty} projects, ${opts.problemsPerCounty} problems each (36 months of reports)`,
  );
  const results: CityResult[] = [];
  for (const n of opts.counties) {
    const r: CityResult = { counties: n, seconds: {}, rss: {}, reports: 0 };
    results.push(r);
    await connectMongo(`${opts.mongoBase}bench_city_${n}`);
    opts.onExit(() => disconnectMongo());
    const data = createData();
    const names = Array.from({ length: n }, (_, i) => `县区${String(i + 1).padStart(3, '0')}`);
    // The workbooks are the bench's own making: built before the clock starts.
    const books: Array<{ name: string; buffer: Buffer }> = [];
    for (const [i, name] of names.entries()) {
      const { buffer } = await countyWorkbook(perCounty, { people: `c${i + 1}_` });
      books.push({ name, buffer });
    }
    const phase = async <T>(name: Phase, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const { out, before, peak } = await sampleRss(fn);
      r.seconds[name] = (performance.now() - t) / 1000;
      r.rss[name] = peak;
      console.log(
        `  [${n} counties] ${LABEL[name]}: ${r.seconds[name]!.toFixed(2)} s  (RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB)`,
      );
      return out;
    };
    await phase('import', async () => {
      for (const { name, buffer } of books) {
        const res = await importWorkbook(data, await loadWorkbook(buffer), { actor: 'bench', county: name });
        if (res.errors.length) throw new Error(`${name}: ${res.errors[0]!.reason}`);
      }
    });
    await phase('seed', async () => {
      for (const [i, name] of names.entries()) {
        const seeded = await seedHistory(perCounty, opts.problemsPerCounty, () => {}, {
          ref: (code) => projectRef(code, name, data.county),
          county: name,
          firstNo: i * opts.problemsPerCounty + 1,
        });
        r.reports += seeded.reports;
      }
    });
    await phase('digest', () => data.figures.rebuildAll());
    const replies = await phase('city', () =>
      buildCityBulletin({ ...opts.env, data }, MONTH, { renderChart: renderBarChart, today: TODAY }),
    );
    const md = replies[0]?.type === 'markdown' ? replies[0].content : '';
    const rows = md.split('\n').filter((l) => l.startsWith('- **县区')).length;
    if (rows !== n) throw new Error(`the city 通报 has ${rows} county rows, not ${n}`);
    console.log(`    通报: ${replies.length} messages, ${rows} county rows, ${r.reports} reports`);
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectMongo();
  }

  const head = ['phase', ...results.map((r) => `${r.counties} counties`)];
  const rows: string[][] = [head];
  const fmt = (s: number | undefined) => (s === undefined ? '-' : `${s.toFixed(2)} s`);
  for (const p of PHASES) rows.push([LABEL[p], ...results.map((r) => fmt(r.seconds[p]))]);
  rows.push(['projects / reports', ...results.map((r) => `${r.counties * perCounty} / ${r.reports}`)]);
  for (const p of PHASES)
    rows.push([`  RSS peak: ${LABEL[p]}`, ...results.map((r) => `${(r.rss[p] ?? 0).toFixed(0)} MB`)]);
  console.log(`\n${table(rows)}`);

  if (results.length > 1) {
    console.log('\ngrowth against the fewest counties (1.0 = linear; >1 grows faster than the counties):');
    const g = growthRows(
      results.map((r) => ({ size: r.counties, seconds: r.seconds })),
      PHASES,
      LABEL,
    );
    console.log(table(g));
  }

  const at100 = results.find((r) => r.counties === 100);
  console.log('\nbudgets (2-core machine, embedded FerretDB on SQLite):');
  const b: string[][] = [['budget', 'measured', 'verdict']];
  if (at100) {
    const city = at100.seconds.city;
    b.push(['city 通报 for 100 counties < 5 s', fmt(city), city === undefined ? 'n/a' : verdict(city < 5)]);
    const peak = Math.max(...BOT_PHASES.map((p) => at100.rss[p] ?? 0));
    b.push(['peak RSS < 400 MB (bot phases, 100 counties)', `${peak.toFixed(0)} MB`, verdict(peak < 400)]);
  } else {
    b.push(['city 通报 / RSS budgets', 'need 100 in --counties', 'n/a']);
  }
  console.log(table(b));
}
