/**
 * The real Koa app (createRuntime, PORT 0) with the WeCom channel mounted, the real stores, the
 * fake WeCom API, and a small dispatch whose behaviour the text chooses.
 */
import mongoose from 'mongoose';
import type { InboundMessage, Reply } from '../../src/domain/messages.ts';
import { createInboundPipeline, type InboundPipeline } from '../../src/inbound/pipeline.ts';
import { createLogger } from '../../src/logger.ts';
import { createOutbound, type Outbound } from '../../src/outbound/outbound.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { mountWecom } from '../../src/wecom/mount.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { testConfig, testServices } from '../helpers/services.ts';

export const TOKEN = 'robotToken123';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const AIBOT_TOKEN = 'aibotToken456';
export const AIBOT_AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
export const BUDGET_MS = 600;

export interface Harness {
  base: string;
  mongoUri: string;
  api: FakeWecomApi;
  runtime: Runtime;
  pipeline: InboundPipeline;
  outbound: Outbound;
  /** Dispatch calls per msgId. */
  calls: Map<string, number>;
  seen: InboundMessage[];
  stop(): Promise<void>;
}

/**
 * `echo X` → text X mentioning the sender · `md X` → markdown · `slow X` → text after the budget ·
 * `long` → ~5 KB of text · `pic` → text + image · `boom` → throws · anything else → "收到：<text>".
 */
export async function testDispatch(msg: InboundMessage): Promise<Reply[]> {
  const t = (msg.text ?? '').replace(/^@\S+\s+/, '').trim();
  if (msg.kind === 'event') return [];
  if (t.startsWith('echo ')) return [{ type: 'text', content: t.slice(5), mentions: [msg.userId] }];
  if (t.startsWith('md '))
    return [{ type: 'markdown', content: `**${t.slice(3)}**`, mentions: [msg.userId] }];
  if (t.startsWith('slow ')) {
    await new Promise((r) => setTimeout(r, BUDGET_MS + 300));
    return [{ type: 'text', content: t.slice(5) }];
  }
  if (t === 'long') {
    const lines = Array.from(
      { length: 150 },
      (_, i) => `第${i + 1}行：贺巴高速公路(忻城段)本月完成投资1200万元`,
    );
    return [{ type: 'text', content: lines.join('\n'), mentions: [msg.userId] }];
  }
  if (t === 'pic') {
    return [
      { type: 'text', content: '图表如下' },
      { type: 'image', png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(64, 1)]) },
    ];
  }
  if (t === 'boom') throw new Error('handler exploded');
  return [{ type: 'text', content: `收到：${t}` }];
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const api = await startFakeWecomApi();
  const svc = testServices();
  const config = testConfig(svc, {
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_AIBOT_TOKEN: AIBOT_TOKEN,
    WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_AES_KEY,
    WECOM_API_BASE: api.base,
    REPLY_BUDGET_MS: String(BUDGET_MS),
    ...env,
  });
  const log = createLogger('silent');
  const runtime = await createRuntime({ config, log, mongoUri: svc.mongoUri });
  const outbound = createOutbound({ config, log, data: runtime.data, retryBaseMs: 50, retryMaxMs: 500 });
  const calls = new Map<string, number>();
  const seen: InboundMessage[] = [];
  const pipeline = createInboundPipeline({
    config,
    log,
    redis: runtime.redis,
    clock: runtime.clock,
    data: runtime.data,
    outbound,
    dispatch: async (msg) => {
      calls.set(msg.msgId, (calls.get(msg.msgId) ?? 0) + 1);
      seen.push(msg);
      return testDispatch(msg);
    },
  });
  mountWecom({ router: runtime.router, config, clock: runtime.clock, pipeline });
  await outbound.start();
  const port = await runtime.listen();
  return {
    base: `http://127.0.0.1:${port}`,
    mongoUri: svc.mongoUri,
    api,
    runtime,
    pipeline,
    outbound,
    calls,
    seen,
    async stop() {
      await pipeline.drain();
      await outbound.stop();
      await mongoose.connection.dropDatabase().catch(() => {});
      await runtime.stop();
      await api.close();
    },
  };
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
