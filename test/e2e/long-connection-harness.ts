/**
 * The bot as WeCom's 智能机器人 long connection sees it: the e2e bot (real runtime, real dispatcher,
 * demo county) with WECOM_AIBOT_ID / SECRET pointing at the fake gateway, and `ask`, which pushes a
 * frame as WeCom would and collects what the person sees: the stream answer on the frame and the
 * messages the bot sent to the chat after it.
 */
import { createHash } from 'node:crypto';
import type { AibotWsOverrides } from '../../src/wecom/aibot-ws/index.ts';
import { streamIdFor } from '../../src/wecom/aibot-ws/index.ts';
import {
  type AibotGateway,
  type AibotGatewayOptions,
  type Pushed,
  type SendRecord,
  startAibotGateway,
} from '../fake-wecom/aibot-gateway.ts';
import { type E2E, settle, startE2E, until } from './harness.ts';

export const BOT_ID = 'aibE2EBot';
export const SECRET = 'aibE2ESecret-0123456789';

/** Quick timings for a test; the production ones are in src/wecom/aibot-ws/connection.ts. */
export const QUICK: AibotWsOverrides = {
  connection: { leaseMs: 3000, standbyPollMs: 300, reconnectBaseMs: 100 },
  sender: { frequencyPauseMs: 200 },
};

export interface Seen {
  pushed: Pushed;
  /** The finished stream on the frame ('' when none). */
  stream: string;
  /** Messages to the chat after the frame (markdown, media, cards). */
  sends: SendRecord[];
  /** Everything the person reads, stream first. */
  text: string;
}

export interface LongConnectionE2E extends E2E {
  gateway: AibotGateway;
  /** Pushes a frame and waits until its answer is in and nothing more arrives for a moment. */
  ask(
    userId: string,
    text: string,
    opts?: { chatId?: string; voice?: boolean; msgid?: string; expect?: 'stream' | 'send' | 'nothing' },
  ): Promise<Seen>;
  /** What the person saw for an already pushed frame. */
  seen(p: Pushed): Seen;
}

export async function startLongConnectionE2E(
  opts: { gateway?: AibotGatewayOptions; env?: Record<string, string>; start?: string } = {},
): Promise<LongConnectionE2E> {
  const gateway = await startAibotGateway({ bots: { [BOT_ID]: SECRET }, ...opts.gateway });
  const h = await startE2E({
    start: opts.start,
    env: {
      WECOM_AIBOT_ID: BOT_ID,
      WECOM_AIBOT_SECRET: SECRET,
      WECOM_AIBOT_WS_URL: gateway.url,
      ...opts.env,
    },
    wiring: { longConnection: QUICK },
  });
  const ws = h.bot.longConnection;
  if (!ws) throw new Error('long connection not configured');
  await until(() => ws.connection.state.current === 'connected', 10_000, 'long connection');

  const seen = (p: Pushed): Seen => {
    const stream = gateway.streams().find((s) => s.reqId === p.reqId && s.finished);
    const sends = gateway.sends(p.conversation).filter((s) => s.at >= p.at);
    const text = [stream?.content ?? '', ...sends.map((s) => s.content ?? '')].filter(Boolean).join('\n');
    return { pushed: p, stream: stream?.content ?? '', sends, text };
  };
  const e2e = h as LongConnectionE2E;
  e2e.gateway = gateway;
  e2e.seen = seen;
  e2e.ask = async (userId, text, o = {}) => {
    const input = {
      userId,
      chatId: o.chatId,
      text: o.chatId ? `@项目调度助手 ${text}` : text,
      ...(o.msgid ? { msgid: o.msgid } : {}),
    };
    const p = o.voice ? gateway.pushVoice(input) : gateway.pushText(input);
    const want = o.expect ?? 'stream';
    if (want === 'stream') {
      await until(() => seen(p).stream, 15_000, `stream answer to "${text}"`);
    } else if (want === 'send') {
      await until(() => seen(p).sends.length > 0, 15_000, `message after "${text}"`);
    }
    await settle(() => gateway.sends().length + gateway.streams().length, 400);
    return seen(p);
  };
  const close = h.close.bind(h);
  e2e.close = async () => {
    await close();
    await gateway.close();
  };
  return e2e;
}

export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
export { streamIdFor };
