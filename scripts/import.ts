/**
 * `npm run import -- <workbook.xlsx>`: loads the project library into the same store `npm start`
 * uses. Exit 0: all rows loaded; 2: some rows had errors (the good ones loaded); 1: nothing could
 * be imported (unreadable file, no store).
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
import { runMain } from './run-main.ts';

async function main(): Promise<number> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) {
    console.error('用法: npm run import -- <工作簿.xlsx>');
    return 1;
  }
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
  const print = (line: string) => console.log(line);

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
    const result = await importWorkbook(createData({ log }), workbook, {
      actor: `import:${os.userInfo().username}`,
      log,
      progress: (line) => print(`  ${line}`),
    });
    print('');
    print('导入结果:');
    for (const line of formatSummary(result)) print(line);
    const nothingToImport = result.errors.some((e) => !e.sheet);
    if (nothingToImport) return 1;
    return result.errors.length ? 2 : 0;
  } catch (err) {
    if (err instanceof AppError) console.error(err.expose ? err.message : `${err.code}: ${err.message}`);
    else console.error(err);
    return 1;
  } finally {
    await disconnectMongo().catch(() => {});
    await stopStore().catch(() => {});
  }
}

runMain(main);
