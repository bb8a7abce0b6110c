/**
 * No credential reaches a log line, whatever WeCom (or the network in between) does. The real bot
 * runs as a child process (as `npm start`) at LOG_LEVEL=debug, answers every message through the
 * webhook (REPLY_BUDGET_MS=0), and each webhook key is served by a local server that fails in its own
 * way; everything the process prints is then searched for the keys, the token and the AES keys.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import axios from 'axios';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { configSecrets, createLogger } from '../../src/logger.ts';
import { createWebhookClient } from '../../src/outbound/webhook-client.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import { type BotProcess, startBot } from '../helpers/bot-process.ts';
import { testServices } from '../helpers/services.ts';
import { type MisbehavingWecom, MODES, type Mode, startMisbehavingWecom } from './misbehaving-wecom.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join('');
const TOKEN = random(32);
const AES_KEY = random(43);
const AIBOT_TOKEN = random(30);
const AIBOT_AES_KEY = random(43);

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function botEnv(base: string, extra: Record<string, string> = {}): Record<string, string> {
  const svc = testServices();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    MONGODB_URI: svc.mongoUri,
    REDIS_URL: svc.redisUrl,
    REDIS_KEY_PREFIX: svc.prefix,
    SCHEDULER: '0',
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_AIBOT_TOKEN: AIBOT_TOKEN,
    WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_AES_KEY,
    WECOM_API_BASE: base,
    WECOM_API_TIMEOUT_MS: '400',
    REPLY_BUDGET_MS: '0',
    ...extra,
  };
}

function expectNoSecrets(output: string, secrets: string[]): void {
  expect(output.length).toBeGreaterThan(0);
  for (const s of secrets) {
    const at = output.indexOf(s);
    expect(at, `secret ${s.slice(0, 4)}… found in: ${output.slice(Math.max(0, at - 300), at + 100)}`).toBe(
      -1,
    );
  }
}

const bots: BotProcess[] = [];
const servers: MisbehavingWecom[] = [];
afterAll(async () => {
  for (const b of bots) await b.stop('SIGKILL');
  for (const s of servers) await s.close();
});

describe('secrets in the logs of the running bot', () => {
  it('never prints a webhook key, token or AES key, whatever the WeCom API does', async () => {
    const keys = new Map<string, Mode>(MODES.map((m) => [`${m}-${random(24)}`, m]));
    const wecom = await startMisbehavingWecom(keys);
    servers.push(wecom);
    const bot = await startBot(botEnv(wecom.base));
    bots.push(bot);
    const client = createCallbackClient({
      baseUrl: bot.base,
      token: TOKEN,
      aesKey: AES_KEY,
      webhookBase: wecom.base,
    });
    let n = 0;
    for (const key of keys.keys()) {
      n++;
      const res = await client.sendText({
        userId: 'zhangwei',
        userName: '张伟',
        chatId: `wrchat${n}`,
        chatType: 'group',
        webhookKey: key,
        text: '帮助',
      });
      expect(res.status).toBe(200);
    }
    // Every key was tried, and each failure was logged (retryable ones deferred, the errcode refused).
    await until('a send to every key', () => [...keys.keys()].every((k) => wecom.hits(k) >= 1));
    const deferred = () => (bot.output().match(/webhook send deferred/g) ?? []).length;
    await until('the deferred sends in the log', () => deferred() >= MODES.length - 1);
    await until('the refused message in the log', () => bot.output().includes('WeCom refused a message'));
    expect(bot.output()).toMatch(/"level":"warn"/);
    expect(bot.output()).toMatch(/"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'HTTP 404', 'HTTP 502', 'BAD_ANSWER'])
      expect(bot.output()).toContain(code);
    await bot.stop();
    expectNoSecrets(bot.output(), [...keys.keys(), TOKEN, AES_KEY, AIBOT_TOKEN, AIBOT_AES_KEY]);
  }, 90_000);

  it('never prints them when WeCom refuses connections, for webhooks and 智能机器人 response URLs', async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const bot = await startBot(botEnv(base));
    bots.push(bot);
    const key = `refused-${random(24)}`;
    const responseCode = random(40);
    const robot = createCallbackClient({
      baseUrl: bot.base,
      token: TOKEN,
      aesKey: AES_KEY,
      webhookBase: base,
    });
    await robot.sendText({
      userId: 'zhangwei',
      chatId: 'wrrefused',
      chatType: 'group',
      webhookKey: key,
      text: '帮助',
    });
    const aibot = createCallbackClient({
      baseUrl: bot.base,
      token: AIBOT_TOKEN,
      aesKey: AIBOT_AES_KEY,
      path: '/wecom/aibot',
    });
    await aibot.sendText({
      userId: 'zhangwei',
      chatId: 'wraibot',
      chatType: 'group',
      text: '帮助',
      responseUrl: `${base}/cgi-bin/aibot/response?response_code=${responseCode}`,
    });
    await until(
      'two refused sends in the log',
      () => (bot.output().match(/ECONNREFUSED/g) ?? []).length >= 2,
    );
    await bot.stop();
    expectNoSecrets(bot.output(), [key, responseCode, TOKEN, AES_KEY, AIBOT_TOKEN, AIBOT_AES_KEY]);
  }, 90_000);
});

describe('the logger itself', () => {
  function capture() {
    const lines: string[] = [];
    const dest = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    return { lines, dest };
  }

  it('censors credentials at any depth, in errors, texts and URLs, and the configured values anywhere', async () => {
    const key = `k-${random(20)}`;
    const config = loadConfig({
      WECOM_TOKEN: TOKEN,
      WECOM_ENCODING_AES_KEY: AES_KEY,
      REDIS_URL: 'redis://:s3cretPass@127.0.0.1:6379',
    });
    const { lines, dest } = capture();
    const log = createLogger('debug', dest, { secrets: configSecrets(config) });
    // A real axios error with its request config, as the webhook client used to log it.
    const axiosErr = await axios
      .post(`http://127.0.0.1:${await closedPort()}/cgi-bin/webhook/send`, {}, { params: { key } })
      .catch((e: unknown) => e);
    log.warn({ err: axiosErr }, 'raw axios error');
    log.warn({ deep: { a: { b: { c: { d: { webhookKey: key, other: 'ok' } } } } } }, 'deep');
    log.info({
      list: [{ token: TOKEN }],
      note: `sent to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`,
    });
    log.info(`text mentioning /cgi-bin/webhook/send?key=${key}&x=1`);
    log.error({ nested: { error: axiosErr } }, 'error under another name');
    log.info({ what: `token is ${TOKEN}, aes ${AES_KEY}, redis pass s3cretPass` }, 'values');
    log.info({ config }, 'config');
    const out = lines.join('');
    expectNoSecrets(out, [key, TOKEN, AES_KEY, 's3cretPass']);
    expect(out).toContain('ECONNREFUSED');
    expect(out).toContain('"other":"ok"');
    const first = JSON.parse(lines[0]!);
    expect(first.level).toBe('warn');
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.err.config).toBeUndefined();
    expect(first.err.request).toBeUndefined();
  });

  it('gives every webhook client failure a code, a status and a message without the key', async () => {
    const key = `k-${random(20)}`;
    const wecom = await startMisbehavingWecom(new Map([[key, 'http502' as Mode]]));
    servers.push(wecom);
    const client = createWebhookClient({ apiBase: wecom.base, timeoutMs: 400 });
    const err = (await client
      .send(key, { msgtype: 'text', text: { content: 'x' } })
      .catch((e) => e)) as Record<string, unknown>;
    expect(err).toMatchObject({ code: 'wecom_unreachable', httpStatus: 502 });
    expect(String(err.message)).toContain('HTTP 502');
    expect(JSON.stringify(err)).not.toContain(key);
    expect(err.cause).toBeUndefined();
  });
});
