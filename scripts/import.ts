/**
 * `npm run import -- <workbook.xlsx> [--county 县名] [--progress-every SECONDS]`: loads the project library into the
 * same store `npm start` uses, showing its progress (a bar on a terminal; elsewhere a line with the
 * counts every SECONDS, default 5, 0 for none). Exit 0: all rows loaded; 2: some rows had errors (the
 * good ones loaded); 1: nothing could be imported (unreadable file, no store, bad arguments).
 */

import os from 'node:os';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createData } from '../src/data/index.ts';
import { AppError } from '../src/errors.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { loadWorkbook } from '../src/import/read-workbook.ts';
import { formatSummary } from '../src/import/summary.ts';
import { createAppLogger } from '../src/logger.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { resolveStore } from '../src/store/resolve-store.ts';
import { createImportProgress } from './import-progress.ts';
import { runMain } from './run-main.ts';

const USAGE = '用法: npm run import -- <工作簿.xlsx> [--county 县区] [--progress-every 秒数]';
const DEFAULT_PROGRESS_S = 5;

/** The workbook and how often a non-terminal gets a progress line; a string is what is wrong. */
function parseArgs(argv: string[]): { file: string; everyMs: number; county?: string } | string {
  let file: string | undefined;
  let every = String(DEFAULT_PROGRESS_S);
  let county: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--county') county = argv[++i] ?? '';
    else if (arg.startsWith('--county=')) county = arg.slice('--county='.length);
    else if (arg === '--progress-every') every = argv[++i] ?? '';
    else if (arg.startsWith('--progress-every=')) every = arg.slice('--progress-every='.length);
    else if (arg.startsWith('-')) return `未知选项: ${arg}\n${USAGE}`;
    else if (file === undefined) file = arg;
    else return `多余的参数: ${arg}\n${USAGE}`;
  }
  if (!file) return USAGE;
  // The rows without 县区 belong to this county (design.md "Several counties").
  if (county !== undefined && !county.trim()) return `--county 应为县区名称，如 忻城县\n${USAGE}`;
  const seconds = Number(every);
  if (every.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    return `--progress-every 应为秒数（0 表示不显示），收到「${every}」\n${USAGE}`;
  }
  return { file, everyMs: seconds * 1000, ...(county ? { county: county.trim() } : {}) };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 1;
  }
  const { file } = args;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
  const log = createAppLogger(config, config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const progress = createImportProgress({ out: process.stdout, everyMs: args.everyMs });
  const print = (line: string) => progress.line(line);

  let workbook: Awaited<ReturnType<typeof loadWorkbook>>;
  try {
    // Read the file before touching the store: a typo in the path should not start FerretDB.
    workbook = await loadWorkbook(file);
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }

  let stopStore = async () => {};
  try {
    const store = await resolveStore(config, print);
    stopStore = store.stop;
    if (!config.MONGODB_URI) print(`存储: ${store.description}`);
    await connectMongo(store.uri);
    print(`导入 ${file}`);
    const result = await importWorkbook(createData({ log, county: config.COUNTY }), workbook, {
      county: args.county,
      actor: `import:${os.userInfo().username}`,
      log,
      progress: (line) => print(`  ${line}`),
      onRows: (p) => progress.rows(p),
    });
    progress.end();
    print('');
    print('导入结果:');
    for (const line of formatSummary(result)) print(line);
    const nothingToImport = result.errors.some((e) => !e.sheet);
    if (nothingToImport) return 1;
    return result.errors.length ? 2 : 0;
  } catch (err) {
    progress.end();
    if (err instanceof AppError) console.error(err.expose ? err.message : `${err.code}: ${err.message}`);
    else console.error(err);
    return 1;
  } finally {
    await disconnectMongo().catch(() => {});
    await stopStore().catch(() => {});
  }
}

runMain(main);
