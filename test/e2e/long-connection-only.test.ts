/**
 * A county with no webhook keys at all and no callback: the long connection is the only way in and
 * out. Scheduled posts (日报, reminders with their @-mentions, 通报 with the chart) go to the groups
 * by chat id over the connection — from the bot's scheduler path and from `npm run job`, another
 * process that can only queue them for the bot holding the connection.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { inheritedEnv } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { loadJobContent } from '../../src/schedule/content.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { type RunResult, runJobOnce } from '../../src/schedule/run-once.ts';
import type { JobName } from '../../src/schedule/types.ts';
import { ROOT, settle, until } from './harness.ts';
import { BOT_ID, type LongConnectionE2E, SECRET, startLongConnectionE2E } from './long-connection-harness.ts';

const CHATS = { main: 'wrWsMain', traffic: 'wrWsTraffic', leaders: 'wrWsLeaders' } as const;

let h: LongConnectionE2E;
beforeAll(async () => {
  h = await startLongConnectionE2E({ env: { WECOM_TOKEN: '', WECOM_ENCODING_AES_KEY: '' } });
  // The imported groups keep their names and subscriptions, but have chat ids and no webhook.
  for (const [name, chatId] of [
    ['县重大项目调度群', CHATS.main],
    ['交通项目专班群', CHATS.traffic],
    ['县领导调度群', CHATS.leaders],
  ] as const) {
    await GroupModel.updateOne({ name }, { $set: { chatId }, $unset: { webhookKey: 1 } });
  }
  await loadJobContent();
  await h.ask('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元', { chatId: CHATS.main });
  await h.ask('zhangwei', '进度 武忻高速 本月完成投资800万元', { chatId: CHATS.main });
}, 90_000);
afterAll(async () => {
  await h?.close();
});

async function run(name: JobName, date: string): Promise<RunResult> {
  const deps = buildJobDeps({
    config: h.runtime.config,
    log: createLogger('silent'),
    clock: h.clock,
    redis: h.runtime.redis,
    data: h.runtime.data,
    post: notifierPost(h.bot.services.notifier),
  });
  return runJobOnce(jobRegistry.get(name)!, date, deps, { check: 'workday', trigger: 'cli' });
}

const total = () => h.gateway.sends().length;
const textIn = (chatId: string, since = 0) =>
  h.gateway
    .sends(chatId)
    .filter((s) => s.at >= since)
    .map((s) => s.content ?? '')
    .join('\n');

describe('no webhook keys: scheduled posts over the long connection', () => {
  it('is ready only while the connection is up, the only way in', async () => {
    const ready = async () => {
      const res = await fetch(`${h.base}/readyz`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { ok: true, longConnectionReady: true } });
    h.gateway.setAccepting(false);
    h.gateway.dropAll();
    await until(async () => (await ready()).status === 503, 10_000, 'not ready');
    expect((await ready()).body).toMatchObject({
      ok: false,
      longConnectionReady: false,
      longConnection: { status: 'connecting', lastError: { code: 'connection_lost' } },
    });
    h.gateway.setAccepting(true);
    await until(async () => (await ready()).status === 200, 15_000, 'ready again');
  });

  it('日报 goes to the 日报 groups by chat id, once', async () => {
    const since = Date.now();
    expect((await run('daily', '2021-08-16')).status).toBe('done');
    await until(() => textIn(CHATS.traffic, since).includes('日调度'), 15_000, 'daily to the traffic group');
    await until(() => textIn(CHATS.main, since).includes('日调度'), 15_000, 'daily to the main group');
    await settle(total, 500);
    expect(textIn(CHATS.main, since)).toContain('贺巴高速公路(忻城段)');
    expect(textIn(CHATS.leaders, since)).toBe('');
    const n = total();
    expect((await run('daily', '2021-08-16')).status).toBe('already-done');
    await settle(total, 500);
    expect(total()).toBe(n);
  });

  it('the monthly reminder names the contacts who have not reported (no @ over this connection)', async () => {
    const since = Date.now();
    expect((await run('monthly', '2021-08-20')).status).toBe('done');
    await until(() => textIn(CHATS.main, since).includes('@'), 15_000, 'monthly reminder');
    await settle(total, 500);
    const text = textIn(CHATS.main, since);
    for (const name of ['刘娜', '杨帆', '周杰', '吴婷', '孙丽']) expect(text, name).toContain(`@${name}`);
    expect(text).not.toContain('@张伟');
    expect(text).not.toMatch(/<@/);
  });

  it('通报 posts the markdown and then the chart to the 通报 groups', async () => {
    const since = Date.now();
    expect((await run('bulletin', '2021-09-06')).status).toBe('done');
    await until(
      () => h.gateway.sends(CHATS.leaders).some((s) => s.at >= since && s.msgtype === 'image'),
      20_000,
      'bulletin chart',
    );
    const posted = h.gateway.sends(CHATS.leaders).filter((s) => s.at >= since);
    const firstImage = posted.findIndex((s) => s.msgtype === 'image');
    expect(posted.slice(0, firstImage).some((s) => (s.content ?? '').includes('2021年8月'))).toBe(true);
    expect(h.gateway.sends(CHATS.traffic).some((s) => s.at >= since && s.msgtype === 'image')).toBe(false);
  });

  it('`npm run job` in another process queues the posts; the bot holding the connection sends them', async () => {
    const since = Date.now();
    const cfg = h.runtime.config;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/job.ts', 'weekly', '--date', '2021-08-20'],
      {
        cwd: ROOT,
        env: inheritedEnv({
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          MONGODB_URI: h.svc.mongoUri,
          REDIS_URL: cfg.REDIS_URL,
          REDIS_KEY_PREFIX: cfg.REDIS_KEY_PREFIX,
          WECOM_AIBOT_ID: BOT_ID,
          WECOM_AIBOT_SECRET: SECRET,
          WECOM_AIBOT_WS_URL: cfg.WECOM_AIBOT_WS_URL,
          WECOM_TOKEN: '',
          WECOM_ENCODING_AES_KEY: '',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/已执行 \/ done/);
    await until(() => textIn(CHATS.leaders, since).includes('周'), 15_000, 'weekly to the leaders group');
    expect(textIn(CHATS.main, since)).toContain('2021年第33周');
  }, 90_000);
});
