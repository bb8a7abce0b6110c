/**
 * `npm run job -- <name> [--date YYYY-MM-DD] [--force] [--dry-run [--out DIR]]`: runs one scheduled job now, for that date
 * (default: today in BOT_TIMEZONE), through the same runJobOnce and the same dependencies as the
 * scheduler inside `npm start`.
 *
 * - A period that was already posted (by the scheduler or an earlier command) is not posted again;
 *   the command says so. `--force` posts it again.
 * - Jobs that only run on working days (daily, reminders, escalations) do nothing on a day off;
 *   `--force` runs them anyway. weekly / monthly / bulletin / agenda run for the period that
 *   contains the date, whether or not the date is their usual run day.
 * - `--dry-run` builds the content and writes it to DIR (default ./dry-run-<name>-<date>) instead
 *   of posting: one Markdown file per message, the chart as PNG, files as they are, and index.md
 *   naming the groups that would receive each. Nothing is queued and no job run is recorded, so a
 *   later real run still posts. Jobs that change records while they build (reminders note the
 *   reminder in each problem's history, escalations move problems up a tier) refuse --dry-run.
 * Exit code: 0 done / already done / nothing to do; 1 the job failed; 2 bad arguments or config.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { isValidDate, localDate } from '../src/calendar/dates.ts';
import { systemClock } from '../src/clock.ts';
import { type Config, ConfigError, loadConfig } from '../src/config.ts';
import { createData, type Data } from '../src/data/index.ts';
import type { Reply } from '../src/domain/messages.ts';
import { createAppLogger, type Logger } from '../src/logger.ts';
import { createOutbound } from '../src/outbound/outbound.ts';
import { loadJobContent } from '../src/schedule/content.ts';
import { buildJobDeps } from '../src/schedule/job-deps.ts';
import { notifierPost } from '../src/schedule/post.ts';
import { isJobName, jobRegistry } from '../src/schedule/registry.ts';
import { type RunResult, runJobOnce } from '../src/schedule/run-once.ts';
import type { JobContext, JobName } from '../src/schedule/types.ts';
import { createNotifier } from '../src/services/notifier.ts';
import { connectMongo, disconnectMongo } from '../src/store/mongo.ts';
import { connectRedis } from '../src/store/redis.ts';
import { resolveStore } from '../src/store/resolve-store.ts';
import { runMain } from './run-main.ts';

const USAGE = 'Usage / 用法: npm run job -- <name> [--date YYYY-MM-DD] [--force] [--dry-run [--out DIR]]';
/** Jobs whose content building writes to the store: a dry run of them would not be dry. */
const NOT_DRY: ReadonlySet<JobName> = new Set(['reminders', 'escalations']);

class UsageError extends Error {}

interface Args {
  name: JobName;
  date?: string;
  force: boolean;
  dryRun: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const valid = [...jobRegistry.keys()].join(' | ');
  let name: string | undefined;
  let date: string | undefined;
  let force = false;
  let dryRun = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--force') force = true;
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--out') out = argv[++i] ?? '';
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--date') date = argv[++i] ?? '';
    else if (arg.startsWith('--date=')) date = arg.slice('--date='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError(`${USAGE}\n任务名 / job names: ${valid}`);
    else if (arg.startsWith('-')) throw new UsageError(`未知选项 / unknown option: ${arg}\n${USAGE}`);
    else if (name === undefined) name = arg;
    else throw new UsageError(`多余的参数 / unexpected argument: ${arg}\n${USAGE}`);
  }
  if (name === undefined) throw new UsageError(`缺少任务名 / missing job name (${valid})\n${USAGE}`);
  if (!isJobName(name) || !jobRegistry.has(name)) {
    throw new UsageError(
      `未知任务 "${name}" / unknown job "${name}". 可用任务 / valid jobs: ${valid}\n${USAGE}`,
    );
  }
  if (date !== undefined && !isValidDate(date)) {
    throw new UsageError(`日期无效 / invalid date "${date}": 应为 YYYY-MM-DD，如 2021-08-16\n${USAGE}`);
  }
  if (out !== undefined && !dryRun)
    throw new UsageError(`--out 只能与 --dry-run 一起使用 / --out needs --dry-run\n${USAGE}`);
  if (out === '') throw new UsageError(`--out 需要目录 / --out needs a directory\n${USAGE}`);
  if (dryRun && NOT_DRY.has(name)) {
    throw new UsageError(
      `任务 ${name} 在生成内容时会修改问题记录，不能试运行 / ${name} changes records while it builds its messages: no --dry-run`,
    );
  }
  return { name, date, force, dryRun, out };
}

function describe(r: RunResult): string {
  const what = `${r.title} (${r.job}) ${r.date} [${r.period}${r.phase ? `, ${r.phase}` : ''}]`;
  switch (r.status) {
    case 'done':
      return `已执行 / done: ${what} — 发送 ${r.outcome?.posted ?? 0} 条 / posted ${r.outcome?.posted ?? 0}: ${r.outcome?.summary ?? ''}`;
    case 'already-done':
      return `已执行过，未重复发送 / already done for this period, nothing posted: ${what}${r.outcome ? ` (earlier: ${r.outcome.summary})` : ''}. 如需重发请加 --force / use --force to post again.`;
    case 'not-due':
      return `未执行 / not run: ${what} — ${r.reason ?? ''}. 如需强制执行请加 --force / use --force to run anyway.`;
    case 'busy':
      return `未执行 / not run: ${what} — 另一个进程正在执行 / another process is running it (${r.reason ?? ''})`;
    case 'failed':
      return `执行失败 / failed: ${what} — ${r.reason ?? ''}`;
  }
}

async function connectStores(config: Config, print: (l: string) => void) {
  const store = await resolveStore(config, print);
  await connectMongo(store.uri);
  const redis = await connectRedis(config.REDIS_URL);
  return {
    redis,
    close: async () => {
      redis.disconnect();
      await disconnectMongo();
      await store.stop();
    },
  };
}

const EXT: Record<Reply['type'], string> = { text: 'txt', markdown: 'md', image: 'png', file: '' };

/** One message as the file a person would open: text as written (mentions listed), images and files as they are. */
function replyFile(reply: Reply, n: number, subscription: string): { name: string; data: string | Buffer } {
  const stem = `${String(n).padStart(2, '0')}-${subscription}`;
  if (reply.type === 'image') {
    const caption = reply.caption ? `-${reply.caption.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40)}` : '';
    return { name: `${stem}-图片${caption}.png`, data: reply.png };
  }
  if (reply.type === 'file') return { name: `${stem}-${path.basename(reply.filename)}`, data: reply.data };
  const mentions = reply.mentions?.length ? `\n\n@${reply.mentions.join(' @')}\n` : '\n';
  return { name: `${stem}.${EXT[reply.type]}`, data: `${reply.content}${mentions}` };
}

/**
 * Runs the job's content for the date with a `post` that writes files: no queue, no JobRun record.
 * Returns the lines to print.
 */
async function dryRun(
  args: Args,
  date: string,
  config: Config,
  redis: Redis,
  data: Data,
  log: Logger,
): Promise<string[]> {
  const clock = systemClock;
  const dir = path.resolve(args.out ?? `dry-run-${args.name}-${date}`);
  mkdirSync(dir, { recursive: true });
  await loadJobContent();
  const def = jobRegistry.get(args.name)!;
  const deps = buildJobDeps({ config, log, clock, redis, data });
  const calendar = await deps.calendar();
  const day = calendar.dayInfo(date);
  const period = def.period(date, calendar, config);
  const scope = def.scope(date, calendar, config);
  if (!args.force && def.workdaysOnly && !day.workday) {
    return [
      `未执行 / not run: ${def.title} (${def.name}) ${date} 不是工作日 / not a working day. 加 --force 可强制 / use --force.`,
    ];
  }
  const index: string[] = [`# ${def.title}（${def.name}）${date} 试运行`, '', `周期 / period: ${period}`, ''];
  let n = 0;
  const ctx: JobContext = {
    job: def.name,
    date,
    period,
    month: scope.month,
    phase: scope.phase,
    forced: args.force,
    dryRun: true,
    config,
    clock,
    log: log.child({ job: def.name, period, dryRun: true }),
    calendar,
    redis,
    data,
    post: async (target, reply) => {
      n += 1;
      const file = replyFile(reply, n, target.subscription);
      writeFileSync(path.join(dir, file.name), file.data);
      const groups = await data.groups.subscribedTo(target.subscription);
      const to = groups.filter((g) => g.webhookKey).map((g) => g.name);
      index.push(
        `- ${file.name} → ${to.length ? to.join('、') : `（没有订阅“${target.subscription}”且有 Webhook 的群）`}`,
      );
      return to.length;
    },
  };
  const outcome = await def.run(ctx);
  index.push('', `未发送任何消息，未记录任务执行 / nothing was posted and no job run was recorded.`);
  writeFileSync(path.join(dir, 'index.md'), `${index.join('\n')}\n`);
  return [
    `试运行 / dry run: ${def.title} (${def.name}) ${date} [${period}] — ${n} 条消息写入 / messages written to ${dir}`,
    `  ${outcome.summary}`,
    '  未发送，未记录任务执行 / nothing posted, no job run recorded.',
  ];
}

/** Waits for the queue to empty (WeCom's 20-a-minute limit may hold some back); returns what is left. */
async function drained(outbound: { pending(): Promise<number> }, ms: number): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const left = await outbound.pending();
    if (!left || Date.now() > end) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let config: Config;
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
  const log = createAppLogger(config);
  const print = (line: string) => console.log(line);
  const clock = systemClock;
  const date = args.date ?? localDate(clock.now(), config.BOT_TIMEZONE);

  const stores = await connectStores(config, print);
  const data = createData({ log, county: config.COUNTY });
  if (args.dryRun) {
    try {
      for (const line of await dryRun(args, date, config, stores.redis, data, log)) print(line);
      return 0;
    } finally {
      await stores.close();
    }
  }
  // Posts through the same durable outbound queue as the bot, and helps deliver what it queued.
  const outbound = createOutbound({ config, log, clock, data });
  try {
    await outbound.start();
    await loadJobContent();
    const notifier = createNotifier({
      send: (t, r, o) => outbound.send(t, r, o),
      log,
      data,
      longConnection: config.aibotWsConfigured,
    });
    const deps = buildJobDeps({
      config,
      log,
      clock,
      redis: stores.redis,
      data,
      post: notifierPost(notifier),
    });
    const def = jobRegistry.get(args.name)!;
    const started = performance.now();
    const result = await runJobOnce(def, date, deps, {
      force: args.force,
      check: args.force ? 'none' : 'workday',
      trigger: 'cli',
    });
    print(describe(result));
    print(`(job took ${((performance.now() - started) / 1000).toFixed(2)} s)`);
    const left = await drained(outbound, 60_000);
    if (left)
      print(`仍有 ${left} 条消息在发送队列中，机器人进程（npm start）会继续发送 / ${left} still queued`);
    return result.status === 'failed' ? 1 : 0;
  } finally {
    await outbound.stop();
    await stores.close();
  }
}

runMain(main);
