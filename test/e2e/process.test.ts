/**
 * The real processes, as the acceptance tests run them: `npm run import` of the demo workbook,
 * `npm start` (src/main.ts) talking to the fake WeCom API, callbacks over HTTP, and `npm run job`
 * as a separate process posting to the groups subscribed to each job.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { inheritedEnv } from '../../src/config.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { type CallbackClient, createCallbackClient } from '../fake-wecom/callback-client.ts';
import { type BotProcess, startBot } from '../helpers/bot-process.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { connectTestStores } from '../helpers/services.ts';
import { AES_KEY, GROUP_KEYS, ROOT, settle, TOKEN, until } from './harness.ts';

const { svc } = await connectTestStores();
let api: FakeWecomApi;
let bot: BotProcess;
let client: CallbackClient;
let env: Record<string, string>;

function npmRun(args: string[]): Promise<{ code: number | null; out: string }> {
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
    child.once('exit', (code) => resolve({ code, out }));
  });
}

const total = () => api.sent().length;

beforeAll(async () => {
  api = await startFakeWecomApi();
  for (const k of GROUP_KEYS) api.addKey(k);
  env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: svc.mongoUri,
    REDIS_URL: svc.redisUrl,
    REDIS_KEY_PREFIX: svc.prefix,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.base,
    // The scheduler's own catch-up would post today's jobs and muddle the counts below.
    SCHEDULER: '0',
  };
  const imported = await npmRun(['import', '--', 'demo/xincheng-demo.xlsx']);
  expect(imported.code, imported.out).toBe(0);
  bot = await startBot(env);
  client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await api?.close();
});

describe('npm start + npm run import', () => {
  it('prints its URL and callback path, and answers a report over the encrypted callback', async () => {
    expect(bot.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(bot.output()).toContain('/wecom/callback');
    expect((await client.verifyUrl()).ok).toBe(true);

    const r = await client.sendText({
      userId: 'zhangwei',
      chatId: 'wrProcessGroup',
      webhookKey: 'demo-key-1',
      text: '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    });
    expect(r.status).toBe(200);
    const reply = r.reply?.content ?? (await until(() => api.sent('demo-key-1')[0]?.content));
    expect(reply).toContain('贺巴高速公路(忻城段)');
    expect(reply).toContain('1200万元');
    expect(reply).toContain('32000万元');
    expect(reply).toContain('16.0%');
    const stored = await currentReports('XC-2021-005');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ monthAmount: 12_000_000, ytdAmount: 320_000_000, ytdGiven: true });
    // The imported group met its chat id through the callback's WebhookUrl.
    expect(await GroupModel.findOne({ webhookKey: 'demo-key-1' }).lean()).toMatchObject({
      chatId: 'wrProcessGroup',
    });
  });
});

describe('npm run job', () => {
  it('daily on a working day posts the summary once to each group subscribed to 日报', async () => {
    const before = { k1: api.sent('demo-key-1').length, k2: api.sent('demo-key-2').length };
    const run = await npmRun(['job', '--', 'daily', '--date', '2021-08-16']);
    expect(run.code, run.out).toBe(0);
    // 县重大项目调度群 and 交通项目专班群 subscribe to 日报; 县领导调度群 does not.
    await until(
      () => api.sent('demo-key-1').length > before.k1 && api.sent('demo-key-2').length > before.k2 && true,
      10_000,
      'daily summary posted to demo-key-1 and demo-key-2',
    );
    await settle(total);
    const posted = api.sent('demo-key-1').slice(before.k1);
    expect(posted.map((m) => m.content).join('\n')).toContain('日调度 2021年8月16日');
    expect(api.sent('demo-key-3').some((m) => (m.content ?? '').includes('日调度'))).toBe(false);

    const n = total();
    const again = await npmRun(['job', '--', 'daily', '--date', '2021-08-16']);
    expect(again.code, again.out).toBe(0);
    await settle(total, 500);
    expect(total()).toBe(n);
  });

  it('daily on a day off (2021-10-01, 国庆节) posts nothing', async () => {
    const n = total();
    const run = await npmRun(['job', '--', 'daily', '--date', '2021-10-01']);
    expect(run.code, run.out).toBe(0);
    await settle(total, 500);
    expect(total()).toBe(n);
  });

  it('bulletin posts the 通报 as markdown and a chart image to the groups subscribed to 通报', async () => {
    const before = api.sent('demo-key-3').length;
    const run = await npmRun(['job', '--', 'bulletin', '--date', '2021-08-05']);
    expect(run.code, run.out).toBe(0);
    await until(
      () =>
        api
          .sent('demo-key-3')
          .slice(before)
          .some((m) => m.msgtype === 'image'),
      10_000,
      'bulletin image',
    );
    await settle(total);
    const posted = api.sent('demo-key-3').slice(before);
    expect(posted.some((m) => m.msgtype === 'markdown' && (m.content ?? '').includes('通报'))).toBe(true);
    expect(api.sent('demo-key-1').some((m) => m.msgtype === 'image')).toBe(true);
    // 交通项目专班群 takes 日报 and 提醒 only.
    expect(api.sent('demo-key-2').some((m) => m.msgtype === 'image')).toBe(false);
  });

  it('monthly before the deadline reminds, @-mentioning the contacts who have not reported', async () => {
    const before = api.sent('demo-key-1').length;
    const run = await npmRun(['job', '--', 'monthly', '--date', '2021-08-20']);
    expect(run.code, run.out).toBe(0);
    await until(() => api.sent('demo-key-1').length > before, 10_000, 'monthly reminder');
    await settle(total);
    const posted = api.sent('demo-key-1').slice(before);
    const mentions = new Set(posted.flatMap((m) => m.mentions));
    // Nobody reported for August 2021 (the chat report above is for the real current month).
    for (const contact of ['zhangwei', 'liuna', 'yangfan', 'zhoujie', 'wuting', 'sunli']) {
      expect(mentions.has(contact), contact).toBe(true);
    }
    expect(posted.map((m) => m.content).join('\n')).toContain('2021年8月');
  });
});
