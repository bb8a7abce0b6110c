/**
 * The per-chat send limit over the long connection, with a short window so the test takes seconds:
 * sends to one chat arrive in the order they were asked for and never exceed the budget in any
 * window; the gateway's own limit (a 45009 answer) is waited out without reordering.
 */
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERR } from '../fake-wecom/aibot-gateway.ts';
import { aibotTestEnv, FAST, until } from './aibot-ws-harness.ts';

const WINDOW_MS = 1000;
const OUR_LIMIT = 5;
const limited = { ...FAST, chatWindowMs: WINDOW_MS };
const env = await aibotTestEnv({ perChatLimit: 6, perChatWindowMs: WINDOW_MS });
const h = env.holder({ env: { WECOM_AIBOT_CHAT_LIMIT_PER_MIN: String(OUR_LIMIT) }, overrides: limited });
await until('connected', () => h.connection.state.current === 'connected');

/** The most messages the gateway received in any window of windowMs. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length;
    most = Math.max(most, inWindow);
  }
  return most;
}

describe('the per-chat send limit', () => {
  it('sends 30 messages for one chat in order, never more than the limit in a window', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `第${i + 1}条 项目提醒`);
    const started = Date.now();
    await Promise.all(texts.map((t) => h.sender.sendMarkdown('wrBusy', t)));
    const sends = env.gateway.sends('wrBusy');
    expect(sends.map((s) => s.content)).toEqual(texts);
    expect(
      busiestWindow(
        sends.map((s) => s.at),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(OUR_LIMIT);
    expect(env.gateway.results('aibot_send_msg').filter((r) => r.errcode === GATEWAY_ERR.frequency)).toEqual(
      [],
    );
    // 30 at 5 a second: at least five full windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * WINDOW_MS - 100);
  });

  it('keeps the pieces of one long answer together when another answer for the chat is asked at once', async () => {
    const long = (tag: string) =>
      Array.from({ length: 1500 }, (_, i) => `${tag}${i} 项目进度情况说明`).join('\n');
    const [a, b] = [long('甲'), long('乙')];
    await Promise.all([h.sender.sendMarkdown('wrTwo', a), h.sender.sendMarkdown('wrTwo', b)]);
    const got = env.gateway.sends('wrTwo').map((s) => s.content!);
    expect(got.length).toBeGreaterThanOrEqual(4);
    const aPieces = got.filter((c) => c.startsWith('甲'));
    expect(got.slice(0, aPieces.length)).toEqual(aPieces);
    expect(aPieces.join('\n')).toBe(a);
    expect(got.slice(aPieces.length).join('\n')).toBe(b);
  });

  it('does not hold up other chats while one chat waits for its window', async () => {
    const busy = Promise.all(
      Array.from({ length: 12 }, (_, i) => h.sender.sendMarkdown('wrQueue', `排队${i}`)),
    );
    await until('first window used', () => env.gateway.sends('wrQueue').length >= OUR_LIMIT);
    const t0 = Date.now();
    await h.sender.sendMarkdown('wrOther', '另一个群');
    expect(Date.now() - t0).toBeLessThan(300);
    await busy;
  });

  it('is needed: without it the gateway refuses the seventh message in a window with 45009', async () => {
    const sdk = h.connection.client()!;
    const answers = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        sdk.sendMessage('wrRaw', { msgtype: 'markdown', markdown: { content: `直发${i}` } }),
      ),
    );
    const refused = answers.filter((a) => a.status === 'rejected');
    expect(refused).toHaveLength(2);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ errcode: GATEWAY_ERR.frequency });
  });
});

describe('a gateway stricter than the configured limit', async () => {
  const strict = await aibotTestEnv({ perChatLimit: 3, perChatWindowMs: WINDOW_MS });
  const s = strict.holder({ env: { WECOM_AIBOT_CHAT_LIMIT_PER_MIN: '10' }, overrides: limited });
  await until('connected', () => s.connection.state.current === 'connected');

  it('waits out 45009 and still delivers every message, in order', async () => {
    const texts = Array.from({ length: 9 }, (_, i) => `严格${i}`);
    await Promise.all(texts.map((t) => s.sender.sendMarkdown('wrStrict', t)));
    expect(strict.gateway.sends('wrStrict').map((x) => x.content)).toEqual(texts);
    expect(
      strict.gateway.results('aibot_send_msg').filter((r) => r.errcode === GATEWAY_ERR.frequency).length,
    ).toBeGreaterThan(0);
  });
});
