/**
 * The bot as WeCom sees it: createRuntime + wireBot listening on a free port, real FerretDB and
 * Redis, the demo county workbook imported, the fake WeCom API as WECOM_API_BASE, and a callback
 * client that encrypts and signs like WeCom. Every test talks HTTP to the callback endpoint only.
 *
 * The clock starts on a 2021 working day (the demo data's year) and then runs at real speed, so the
 * replay guard, dialog TTLs and the outbound queue behave as in production.
 */
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { type Bot, wireBot } from '../../src/wiring.ts';
import { type FakeSent, type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import {
  type CallbackClient,
  createCallbackClient,
  type DeliverResult,
} from '../fake-wecom/callback-client.ts';
import { type TestServices, testConfig, testServices } from '../helpers/services.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_WORKBOOK = fileURLToPath(new URL('../../demo/xincheng-demo.xlsx', import.meta.url));
export const TOKEN = 'e2eToken42';
export const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
/** The demo workbook's groups and their webhook keys. */
export const GROUP_KEYS = ['demo-key-1', 'demo-key-2', 'demo-key-3'] as const;
/** 县重大项目调度群: the group the chat tests talk in. */
export const MAIN_CHAT = 'wrMainDispatchGroup';
export const MAIN_KEY = 'demo-key-1';

/** A clock that starts at `start` and then moves with real time. */
export class RunningClock {
  private readonly offset: number;
  constructor(start: string) {
    this.offset = new Date(start).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

export interface Said {
  /** The decrypted synchronous reply's text ('' when the callback answered empty). */
  text: string;
  mentions: string[];
  result: DeliverResult;
  /** Messages the fake API received for this group's key since the message was sent. */
  pushed: FakeSent[];
}

export interface E2E {
  svc: TestServices;
  api: FakeWecomApi;
  clock: RunningClock;
  runtime: Runtime;
  bot: Bot;
  base: string;
  client: CallbackClient;
  /** Sends `text` as `userId` in a group (default: the main dispatch group) and waits for the answer. */
  say(userId: string, text: string, opts?: SayOptions): Promise<Said>;
  /** Stops the bot (not the stores or the fake API) — to restart on the same data. */
  stopBot(): Promise<void>;
  /** Builds a new bot on the same database, Redis prefix and fake API. */
  restartBot(): Promise<void>;
  close(): Promise<void>;
}

export interface SayOptions {
  chatId?: string;
  webhookKey?: string;
  msgId?: string;
  /** false: a direct (single) chat. */
  group?: boolean;
  /** How long to wait for webhook pushes after an empty callback answer. */
  waitMs?: number;
}

export async function until<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 10_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startE2E(
  opts: {
    start?: string;
    importDemo?: boolean;
    /** More configuration (e.g. the long connection's WECOM_AIBOT_*); '' unsets a default. */
    env?: Record<string, string>;
    wiring?: Parameters<typeof wireBot>[1];
  } = {},
): Promise<E2E> {
  const svc = testServices();
  const api = await startFakeWecomApi();
  for (const k of GROUP_KEYS) api.addKey(k);
  const clock = new RunningClock(opts.start ?? '2021-08-16T02:00:00Z');
  const config = testConfig(svc, {
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: api.base,
    REPLY_BUDGET_MS: '2500',
    ...opts.env,
  });
  const log = createLogger('silent');

  let runtime!: Runtime;
  let bot!: Bot;
  let base = '';
  let client!: CallbackClient;
  async function build(): Promise<void> {
    runtime = await createRuntime({ config, log, mongoUri: svc.mongoUri, clock });
    bot = await wireBot(runtime, { outbound: { retryBaseMs: 50, retryMaxMs: 500 }, ...opts.wiring });
    const port = await runtime.listen();
    base = `http://127.0.0.1:${port}`;
    client = createCallbackClient({
      baseUrl: base,
      token: TOKEN,
      aesKey: AES_KEY,
      now: () => Math.floor(clock.now().getTime() / 1000),
    });
    e2e.runtime = runtime;
    e2e.bot = bot;
    e2e.base = base;
    e2e.client = client;
  }

  const e2e: E2E = {
    svc,
    api,
    clock,
    runtime,
    bot,
    base,
    client,
    async say(userId, text, o = {}) {
      const group = o.group !== false;
      const key = group ? (o.webhookKey ?? MAIN_KEY) : undefined;
      const before = key ? api.sent(key).length : 0;
      const result = await e2e.client.sendText({
        userId,
        chatId: group ? (o.chatId ?? MAIN_CHAT) : undefined,
        chatType: group ? 'group' : 'single',
        text,
        msgId: o.msgId,
        webhookKey: key,
      });
      if (result.status !== 200) throw new Error(`callback answered ${result.status}: ${result.body}`);
      if (!result.reply && key) {
        // Answered empty: the reply goes out through the webhook.
        await until(() => api.sent(key).length > before, o.waitMs ?? 10_000, `webhook push for "${text}"`);
        await e2e.bot.pipeline.drain();
        await settle(() => api.sent(key).length);
      }
      const pushed = key ? api.sent(key).slice(before) : [];
      const pushedText = pushed
        .map((m) => m.content ?? '')
        .filter(Boolean)
        .join('\n');
      return {
        text: result.reply?.content ?? pushedText,
        mentions: result.reply?.mentions ?? [...new Set(pushed.flatMap((m) => m.mentions))],
        result,
        pushed,
      };
    },
    async stopBot() {
      await runtime.stop();
    },
    async restartBot() {
      await build();
    },
    async close() {
      await mongoose.connection.dropDatabase().catch(() => {});
      await runtime.stop().catch(() => {});
      await api.close();
    },
  };
  await build();
  if (opts.importDemo !== false) {
    const r = await importWorkbook(e2e.runtime.data, DEMO_WORKBOOK, { actor: 'e2e' });
    if (r.errors.length) throw new Error(`demo import failed: ${JSON.stringify(r.errors[0])}`);
  }
  return e2e;
}

/** Waits until a count stops growing for a short while (queued parts still arriving). */
export async function settle(count: () => number, quietMs = 300, maxMs = 10_000): Promise<void> {
  const end = Date.now() + maxMs;
  let last = count();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const n = count();
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export const bytes = (s: string | undefined) => Buffer.byteLength(s ?? '', 'utf8');
