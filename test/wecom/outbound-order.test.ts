/**
 * Order under throttling: the fake WeCom API enforces its real 20-messages-per-window limit (the
 * window shortened to keep the test fast), and a split message plus the messages queued after it must
 * arrive exactly in the order they were queued, run after run, with one bot instance or two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createKeyOrder } from '../../src/outbound/key-order.ts';
import { createOutbound, type Outbound } from '../../src/outbound/outbound.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

const stores = await connectTestStores();
const WINDOW = 800;
const RUNS = 4;
let api: FakeWecomApi;
let outs: Outbound[] = [];

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function outbound(): Outbound {
  const config = testConfig(stores.svc, { WECOM_API_BASE: api.base });
  return createOutbound({
    config,
    log: createLogger('silent'),
    data: stores.data,
    // A little longer than the fake's window, so network jitter cannot squeeze in a 21st.
    windowMs: WINDOW + 150,
    retryBaseMs: 50,
    retryMaxMs: 400,
    concurrency: 4,
    parkMs: 1_000,
    lostAfterMs: 1_500,
    // Every piece of the split message goes as a message: the order of many pieces is the point here.
    maxPieces: 20,
  });
}

/** A text of `lines` numbered lines that splits into several 2048-byte pieces. */
function longText(run: number, lines: number): string {
  return Array.from(
    { length: lines },
    (_, i) => `第${run}轮 第${String(i).padStart(3, '0')}行：贺巴高速公路项目`,
  ).join('\n');
}

beforeAll(async () => {
  api = await startFakeWecomApi({ windowMs: WINDOW, limitPerMinute: 20 });
  outs = [outbound(), outbound()];
  for (const o of outs) await o.start();
});

afterAll(async () => {
  for (const o of outs) await o.stop();
  await api.close();
});

describe('outbound order under the 20-per-window limit', () => {
  it('delivers a burst, then a split message, then more messages, in queued order, run after run', async () => {
    for (let run = 0; run < RUNS; run++) {
      const key = `k-order-${run}`;
      api.addKey(key);
      const expected: string[] = [];
      // 18 short messages use up most of the window, so the split message straddles the limit.
      for (let i = 0; i < 18; i++) {
        const content = `第${run}轮 短消息${i}`;
        expected.push(content);
        await outs[i % 2]!.send({ webhookKey: key }, { type: 'text', content });
      }
      const long = longText(run, 200);
      await outs[0]!.send({ webhookKey: key }, { type: 'text', content: long });
      for (let i = 0; i < 8; i++) {
        const content = `第${run}轮 其后消息${i}`;
        await outs[1]!.send({ webhookKey: key }, { type: 'text', content });
      }
      const total = () => api.sent(key).length;
      await until(() => total() >= 18, 10_000);
      const pieces = api.sent(key).length;
      expect(pieces).toBeGreaterThanOrEqual(18);
      await until(async () => (await outs[0]!.pending()) === 0, 30_000);
      const got = api.sent(key).map((m) => m.content ?? '');
      const longPieces = got.filter((c) => c.includes('行：'));
      expect(longPieces.length).toBeGreaterThan(3);
      expect(longPieces.join('\n')).toBe(long);
      const after = Array.from({ length: 8 }, (_, i) => `第${run}轮 其后消息${i}`);
      expect(got).toEqual([...expected, ...longPieces, ...after]);
      // The limiter held: no 45009 answer, never more than 20 in any window.
      expect(api.attempts().filter((a) => a.key === key && a.errcode === 45009)).toHaveLength(0);
      const times = api.sent(key).map((m) => m.at);
      for (const t of times)
        expect(times.filter((u) => u > t - WINDOW && u <= t).length).toBeLessThanOrEqual(20);
    }
  }, 180_000);

  it('does not let a piece that failed for good, or one lost while queueing, hold up the next', async () => {
    api.addKey('k-refused');
    // 40008 is final: the first message is dropped, the second still goes out.
    api.failNext('k-refused', 40008, 1);
    await outs[0]!.send({ webhookKey: 'k-refused' }, { type: 'text', content: '被拒绝的消息' });
    await outs[0]!.send({ webhookKey: 'k-refused' }, { type: 'text', content: '其后的消息' });
    await until(() => api.sent('k-refused').length === 1, 10_000);
    expect(api.sent('k-refused')[0]!.content).toBe('其后的消息');

    // A process died between taking a place in the line and adding its job: the place is dropped
    // once it is older than lostAfterMs, and the messages behind it go out in order.
    api.addKey('k-ghost');
    const order = createKeyOrder({
      redis: stores.redis,
      prefix: stores.svc.prefix,
      sentPrefix: `${stores.svc.prefix}wecom:sent:`,
      failedPrefix: `${stores.svc.prefix}wecom:failed:`,
      jobState: async () => 'unknown',
    });
    await order.register('k-ghost', ['ghost-job']);
    const started = Date.now();
    for (const content of ['甲', '乙', '丙'])
      await outs[1]!.send({ webhookKey: 'k-ghost' }, { type: 'text', content });
    await until(() => api.sent('k-ghost').length === 3, 15_000);
    expect(api.sent('k-ghost').map((m) => m.content)).toEqual(['甲', '乙', '丙']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  }, 60_000);
});
