/**
 * `npm run sandbox [-- workbook.xlsx] [--long-connection]`: the bot with its sandbox page, in one
 * command, before any WeCom tenant is configured.
 *
 * - Stores: the embedded FerretDB under ./data/sandbox (or MONGODB_URI / DATA_DIR), Redis from
 *   REDIS_URL with the key prefix xmdd-sandbox: — the sandbox never mixes with a real bot's data.
 * - Callback credentials are generated for this run when WECOM_TOKEN / WECOM_ENCODING_AES_KEY are
 *   not set; WeCom's API is the in-process fake (see src/sandbox).
 * - The demo county (demo/xincheng-demo.xlsx, or the workbook given) is imported; importing is
 *   idempotent, so restarting keeps what was reported in the sandbox. `--city` imports the city demo
 *   (demo/laibin-city-demo.xlsx: a second county, 兴宾区, and the city's group and people) after it,
 *   for a city view: 查 忻城县 and the city 通报 in 来宾市重大项目调度群.
 * - The scheduler is off: jobs are run from the page, for any date.
 * - "Today" is the demo's (2021-08-16, the time of day real) when the demo county is loaded, so its
 *   2021 plan, deadlines and sample reports (June and July, seeded once) are current; a county's own
 *   workbook runs on the real date. `--today YYYY-MM-DD` or `--today real` chooses.
 * - `--long-connection` (or BOT_SANDBOX_LONG_CONNECTION=1): the page speaks to the bot over the
 *   智能机器人 long connection instead of callbacks — a fake gateway on 127.0.0.1 (test/fake-wecom,
 *   the one the end-to-end tests use) with a bot id and secret generated for this run.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isValidDate } from '../src/calendar/dates.ts';
import { type Config, ConfigError, inheritedEnv, loadConfig } from '../src/config.ts';
import { AppError } from '../src/errors.ts';
import { importWorkbook } from '../src/import/import-workbook.ts';
import { formatSummary } from '../src/import/summary.ts';
import { createAppLogger, scrubText } from '../src/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { DEMO_TODAY, sandboxClock } from '../src/sandbox/clock.ts';
import { seedDemoReports } from '../src/sandbox/demo-seed.ts';
import { resolveStore } from '../src/store/resolve-store.ts';
import { wireBot } from '../src/wiring.ts';
import type { AibotGateway } from '../test/fake-wecom/aibot-gateway.ts';

const DEMO = fileURLToPath(new URL('../demo/xincheng-demo.xlsx', import.meta.url));
const CITY_DEMO = fileURLToPath(new URL('../demo/laibin-city-demo.xlsx', import.meta.url));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** The user's configuration with the sandbox's own defaults where the user kept the bot's. */
function sandboxConfig(extra: Record<string, string> = {}): Config {
  const base = loadConfig();
  const overrides: Record<string, string> = {
    ...extra,
    BOT_SANDBOX: '1',
    SCHEDULER: '0',
    DATA_DIR: base.DATA_DIR === './data' ? './data/sandbox' : base.DATA_DIR,
    REDIS_KEY_PREFIX: base.REDIS_KEY_PREFIX === 'xmdd:' ? 'xmdd-sandbox:' : base.REDIS_KEY_PREFIX,
  };
  if (!base.wecomConfigured) {
    overrides.WECOM_TOKEN = randomText(16);
    overrides.WECOM_ENCODING_AES_KEY = randomText(43);
  }
  return loadConfig(inheritedEnv(overrides));
}

function parseArgs(argv: string[]): {
  workbook: string;
  today?: string;
  longConnection: boolean;
  city: boolean;
} {
  let workbook: string | undefined;
  let today: string | undefined;
  let longConnection = false;
  let city = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--long-connection') longConnection = true;
    else if (a === '--city') city = true;
    else if (a === '--today') today = argv[++i] ?? '';
    else if (a.startsWith('--today=')) today = a.slice('--today='.length);
    else if (!a.startsWith('-')) workbook ??= a;
  }
  if (today !== undefined && today !== 'real' && !isValidDate(today)) {
    console.error(`--today 应为 YYYY-MM-DD 或 real / --today must be YYYY-MM-DD or real (got "${today}")`);
    process.exit(2);
  }
  return { workbook: workbook ?? DEMO, today, longConnection, city };
}

/**
 * The fake 智能机器人 gateway on 127.0.0.1 and the configuration that points the bot's long
 * connection at it. Loaded only here: the gateway is test code, and `ws` a plain dependency.
 */
async function startGateway(): Promise<{ gateway: AibotGateway; env: Record<string, string> }> {
  const { startAibotGateway } = await import('../test/fake-wecom/aibot-gateway.ts');
  const botId = `sandbox-${randomText(12)}`;
  const secret = randomText(32);
  const gateway = await startAibotGateway({ bots: { [botId]: secret } });
  return {
    gateway,
    env: { WECOM_AIBOT_ID: botId, WECOM_AIBOT_SECRET: secret, WECOM_AIBOT_WS_URL: gateway.url },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { workbook } = args;
  const demo = workbook === DEMO;
  let config: Config;
  let gateway: AibotGateway | undefined;
  try {
    // Checked before anything starts: the sandbox refuses NODE_ENV=production either way.
    config = sandboxConfig();
    if (args.longConnection || config.BOT_SANDBOX_LONG_CONNECTION) {
      const started = await startGateway();
      gateway = started.gateway;
      config = sandboxConfig(started.env);
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createAppLogger(config, config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const print = (line: string) => console.log(line);

  const store = await resolveStore(config, print);
  print(store.description);
  const clock = sandboxClock(args.today ?? (demo ? DEMO_TODAY : 'real'), config.BOT_TIMEZONE);
  const runtime = await createRuntime({ config, log, mongoUri: store.uri, clock });
  runtime.onStop(store.stop);
  // Closed after the bot's long connection (onStop runs newest first).
  if (gateway) runtime.onStop(() => gateway.close());

  print(`导入 ${workbook}`);
  const result = await importWorkbook(runtime.data, workbook, { actor: 'sandbox', log });
  for (const line of formatSummary(result)) print(`  ${line}`);
  if (args.city) {
    print(`导入 ${CITY_DEMO}`);
    const city = await importWorkbook(runtime.data, CITY_DEMO, { actor: 'sandbox', log });
    for (const line of formatSummary(city)) print(`  ${line}`);
  }
  if (demo && clock.today.startsWith('2021')) {
    const seeded = await seedDemoReports({ data: runtime.data, timeZone: config.BOT_TIMEZONE });
    if (seeded) print(`  示例报送：${seeded} 个项目的 2021 年 6、7 月进度（示例数据）`);
  }

  await wireBot(runtime, { sandbox: { gateway } });
  const port = await runtime.listen();
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const base = `http://${host}:${port}`;
  print('');
  print(`${config.BOT_NAME} 沙盒已启动（不连接企业微信，机器人发出的消息只显示在沙盒页面上）`);
  print(`  打开沙盒页面 / sandbox page: ${base}/sandbox`);
  print(
    `  沙盒日期 / sandbox date:      ${clock.today}${demo && !args.today ? '（示例数据所在时期；--today real 改用今天）' : ''}`,
  );
  if (gateway) print(`  接入方式 / way in:           智能机器人长连接（本机模拟网关 ${gateway.url}）`);
  print(`  回调地址 / callback:         ${base}/wecom/callback`);
  print(`  Redis: ${config.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}（键前缀 ${config.REDIS_KEY_PREFIX}）`);
  print('  按 Ctrl+C 停止。');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    print('正在停止…');
    const force = setTimeout(() => {
      console.error('停止超过 20 秒，强制退出。');
      process.exit(1);
    }, 20_000);
    force.unref();
    await runtime.stop();
    print('已停止。');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err) => {
  if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
  else console.error(scrubText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  process.exit(1);
});
