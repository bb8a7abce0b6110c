/**
 * `npm run export -- [--month YYYY-MM] [--out file.xlsx]`: writes the 统计台账 workbook of a month
 * (default: the current month in BOT_TIMEZONE) from the same store `npm start` uses, and prints
 * where it wrote and the totals.
 * Exit code: 0 written; 1 failed; 2 bad arguments or config.
 */

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isValidMonth, localDate, localMonth } from '../src/calendar/dates.ts';
import { systemClock } from '../src/clock.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createData } from '../src/data/index.ts';
import { formatShare, formatWan } from '../src/domain/money.ts';
import { computeLedger, renderLedger } from '../src/export/ledger.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { resolveStore } from '../src/store/resolve-store.ts';
import { runMain } from './run-main.ts';

const USAGE = 'Usage / 用法: npm run export -- [--month YYYY-MM] [--out 统计台账-2021-08.xlsx]';

class UsageError extends Error {}

function parseArgs(argv: string[]): { month?: string; out?: string } {
  let month: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--month') month = argv[++i] ?? '';
    else if (arg.startsWith('--month=')) month = arg.slice('--month='.length);
    else if (arg === '--out') out = argv[++i] ?? '';
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`未知参数 / unknown argument: ${arg}\n${USAGE}`);
  }
  if (month !== undefined && !isValidMonth(month)) {
    throw new UsageError(`月份无效 / invalid month "${month}": 应为 YYYY-MM，如 2021-08\n${USAGE}`);
  }
  if (out === '') throw new UsageError(`--out 需要文件名 / --out needs a file name\n${USAGE}`);
  return { month, out };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let config: ReturnType<typeof loadConfig>;
  try {
    args = parseArgs(process.argv.slice(2));
    config = loadConfig();
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const print = (line: string) => console.log(line);
  const month = args.month ?? localMonth(systemClock.now(), config.BOT_TIMEZONE);
  const out = path.resolve(args.out ?? `统计台账-${month}.xlsx`);

  const store = await resolveStore(config, print);
  try {
    await connectMongo(store.uri);
    const ledger = await computeLedger(createData(), month, {
      timeZone: config.BOT_TIMEZONE,
      today: localDate(systemClock.now(), config.BOT_TIMEZONE),
    });
    writeFileSync(out, await renderLedger(ledger));
    const t = ledger.totals;
    print(`已导出 / written: ${out}`);
    print(
      `${month} 统计台账：${ledger.rows.length}个项目，总投资${formatWan(t.totalInvestment)}，年度计划${formatWan(t.annualPlan)}，本月完成${formatWan(t.monthAmount)}，本年累计${formatWan(t.ytd)}，占年度计划${formatShare(t.ytd, t.annualPlan)}`,
    );
    return 0;
  } finally {
    await disconnectMongo().catch(() => {});
    await store.stop();
  }
}

runMain(main);
