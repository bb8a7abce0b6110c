/**
 * /readyz and /metrics of the wired bot (real stores, demo county, fake WeCom API): the outbound
 * backlog while a send waits for a retry, a group whose webhook WeCom rejected (93000), and the
 * counters of messages, answers, job runs and errors as the events happen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { type Bot, wireBot } from '../../src/wiring.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { type CallbackClient, createCallbackClient } from '../fake-wecom/callback-client.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

const TOKEN = 'metricsToken1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const MAIN_KEY = 'demo-key-1';
const GONE_KEY = 'k-gone-0123456789abcdef';

let runtime: Runtime;
let bot: Bot;
let api: FakeWecomApi;
let base: string;
let robot: CallbackClient;

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Ready {
  ok: boolean;
  outbound?: { pending: number | null; brokenWebhooks: Array<{ group: string; since: string }> };
}
const readyz = async () => (await fetch(`${base}/readyz`)).json() as Promise<Ready>;
const metricsText = async () => (await fetch(`${base}/metrics`)).text();

/** The value of one sample, e.g. metric('xmdd_answers_total', 'mode="sync"'). */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(labels ? `${name}{` : `${name} `) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

beforeAll(async () => {
  const { svc } = await connectTestStores();
  api = await startFakeWecomApi();
  api.addKey(MAIN_KEY);
  const config = testConfig(svc, {
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.base,
  });
  runtime = await createRuntime({ config, log: createLogger('silent'), mongoUri: svc.mongoUri });
  await importWorkbook(runtime.data, 'demo/xincheng-demo.xlsx', { actor: 'test' });
  bot = await wireBot(runtime, { outbound: { retryBaseMs: 3_000, retryMaxMs: 3_000 } });
  base = `http://127.0.0.1:${await runtime.listen()}`;
  robot = createCallbackClient({ baseUrl: base, token: TOKEN, aesKey: AES_KEY, webhookBase: api.base });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await api?.close();
});

describe('/readyz', () => {
  it('reports the outbound backlog while a send waits, and zero once it is delivered', async () => {
    const before = await readyz();
    expect(before).toMatchObject({
      ok: true,
      mongodb: true,
      redis: true,
      outbound: { pending: 0, brokenWebhooks: [] },
    });
    // WeCom is busy once: the 通报 (markdown + chart) waits for its retry, three seconds later.
    api.failNext(MAIN_KEY, -1, 1);
    const res = await robot.sendText({
      userId: 'huangmin',
      chatId: 'wr-main',
      chatType: 'group',
      webhookKey: MAIN_KEY,
      text: '通报 7月',
    });
    expect(res.status).toBe(200);
    expect(res.reply).toBeUndefined();
    const waiting = await until('a backlog', readyz, (r) => (r.outbound?.pending ?? 0) >= 1);
    expect(waiting.ok).toBe(true);
    const depth = sample(await metricsText(), 'xmdd_outbound_queue_depth');
    expect(depth).toBeGreaterThanOrEqual(1);
    await until(
      'delivery',
      async () => api.sent(MAIN_KEY).length,
      (n) => n >= 2,
    );
    const after = await until('an empty backlog', readyz, (r) => r.outbound?.pending === 0);
    expect(after.outbound?.brokenWebhooks).toEqual([]);
    // The 通报 text (split into pieces), then its chart: all of it, in order.
    const types = api.sent(MAIN_KEY).map((m) => m.msgtype);
    expect(types[0]).toBe('markdown');
    expect(types.at(-1)).toBe('image');
  });

  it('lists a group whose webhook WeCom rejected, by name and never by key', async () => {
    await robot.sendText({
      userId: 'huangmin',
      chatId: 'wr-gone',
      chatType: 'group',
      webhookKey: GONE_KEY,
      text: '通报 7月',
    });
    const r = await until('a broken webhook', readyz, (v) => v.outbound?.brokenWebhooks?.length === 1);
    expect(r.ok).toBe(true);
    expect(r.outbound?.brokenWebhooks[0]?.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(r)).not.toContain(GONE_KEY);
  });
});

describe('/metrics', () => {
  it('counts messages by channel, answers by mode, job runs by outcome, and errors', async () => {
    const m0 = await metricsText();
    const robotIn = sample(m0, 'xmdd_messages_in_total', 'channel="robot"') ?? 0;
    const sync0 = sample(m0, 'xmdd_answers_total', 'mode="sync"') ?? 0;
    const webhook0 = sample(m0, 'xmdd_answers_total', 'mode="webhook"') ?? 0;
    // The two 通报 of the tests above went by webhook; the second group's key was rejected (93000).
    expect(webhook0).toBe(2);
    expect(sample(m0, 'xmdd_errors_total', 'code="errcode_93000"')).toBeGreaterThanOrEqual(1);

    const res = await robot.sendText({
      userId: 'zhangwei',
      chatId: 'wr-main',
      chatType: 'group',
      webhookKey: MAIN_KEY,
      text: '帮助',
    });
    expect(res.reply?.content).toBeTruthy();
    // A retried callback (same MsgId) is one message.
    await robot.sendText({
      userId: 'zhangwei',
      chatId: 'wr-main',
      chatType: 'group',
      webhookKey: MAIN_KEY,
      text: '帮助',
      msgId: res.msgId,
    });

    const deps = buildJobDeps({
      config: runtime.config,
      log: runtime.log,
      clock: runtime.clock,
      redis: runtime.redis,
      data: runtime.data,
      post: notifierPost(bot.services.notifier),
      metrics: runtime.metrics,
    });
    const daily = jobRegistry.get('daily')!;
    expect((await runJobOnce(daily, '2021-08-16', deps, { check: 'none' })).status).toBe('done');
    expect((await runJobOnce(daily, '2021-08-16', deps, { check: 'none' })).status).toBe('already-done');

    const m1 = await metricsText();
    expect(sample(m1, 'xmdd_messages_in_total', 'channel="robot"')).toBe(robotIn + 1);
    expect(sample(m1, 'xmdd_answers_total', 'mode="sync"')).toBe(sync0 + 1);
    expect(sample(m1, 'xmdd_job_runs_total', 'job="daily",outcome="done"')).toBe(1);
    expect(sample(m1, 'xmdd_job_runs_total', 'job="daily",outcome="already-done"')).toBe(1);
    expect(m1).toContain('# TYPE xmdd_outbound_queue_depth gauge');
    expect(m1).toContain('xmdd_process_resident_memory_bytes');
  });
});
