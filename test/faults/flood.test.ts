/**
 * One person sends 100 reports within seconds to a bot allowing 60 a minute. Decided: nothing past
 * the limit is dropped — it is handled later, one a second, in order; the person gets one polite
 * notice; everyone else is answered at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, pool, REPORTERS, TOKEN, until } from './harness.ts';

const { svc } = await connectTestStores();
await seedLibrary();
const api = await startFakeWecomApi();
for (const r of REPORTERS) api.addKey(keyOf(r.userId));
const bot = await startBot(
  botEnv({
    mongoUri: svc.mongoUri,
    redisUrl: svc.redisUrl,
    apiBase: api.base,
    extra: { USER_RATE_PER_MIN: '60', LOG_LEVEL: 'info' },
  }),
);
const client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
afterAll(async () => {
  await bot.stop('SIGKILL');
  await api.close();
});

const say = (userId: string, text: string) =>
  client.sendText({ userId, chatId: chatOf(userId), webhookKey: keyOf(userId), text });
const texts = (doc: { replies?: unknown[] } | null) =>
  (doc?.replies ?? []).map((r) => String((r as { content?: string }).content ?? ''));

describe('flood control', () => {
  it('slows one person sending 100 commands a minute, loses none, tells them once, and does not delay others', async () => {
    const started = Date.now();
    const ids: string[] = [];
    const others: number[] = [];
    const flood = Array.from({ length: 100 }, (_, i) => i);
    const other = (async () => {
      await new Promise((r) => setTimeout(r, 3000));
      for (let k = 0; k < 3; k++) {
        const r = await say('zhouqi', `进度 福六水库 本月完成投资${300 + k}万元`);
        expect(r.status).toBe(200);
        expect(r.reply?.content).toContain(`完成投资${300 + k}万元`);
        others.push(r.ms);
      }
    })();
    await pool(flood, 8, async (i) => {
      const r = await say('zhangwei', `进度 贺巴 本月完成投资${i + 1}万元`);
      expect(r.status).toBe(200);
      ids.push(r.msgId!);
    });
    await other;
    const sentIn = Date.now() - started;
    await until(
      async () =>
        (await InboundMessageModel.countDocuments({ msgId: { $in: ids }, status: 'processed' })) === 100,
      90_000,
      'every flooded message handled',
      1000,
    );
    const docs = await InboundMessageModel.find({ msgId: { $in: ids } }).lean();
    const reps = await ProgressReportModel.find({ sourceMsgId: { $in: ids } }).lean();
    const twice = reps.filter((r) => reps.filter((x) => x.sourceMsgId === r.sourceMsgId).length > 1);
    if (twice.length) {
      const d = await InboundMessageModel.find({ msgId: twice[0]!.sourceMsgId }).lean();
      console.log(
        JSON.stringify(d),
        JSON.stringify(twice),
        bot
          .output()
          .split('\n')
          .filter((l) => /recover|lease/.test(l))
          .join('\n'),
      );
    }
    expect(reps).toHaveLength(100);
    const all = docs.flatMap(texts);
    expect(all.filter((t) => t.includes('过于频繁'))).toHaveLength(1);
    for (let i = 1; i <= 100; i++) {
      expect(
        all.filter((t) => new RegExp(`^已记录：\\S+ \\d+年\\d+月 完成投资${i}万元`).test(t)),
      ).toHaveLength(1);
    }
    const times = docs.map((d) => d.processedAt!.getTime()).sort((a, b) => a - b);
    const spread = (times.at(-1)! - times[0]!) / 1000;
    // 60 at once, then one a second: the last of 100 comes ~40 s after the first.
    expect(spread).toBeGreaterThan(30);
    expect(Math.max(...others)).toBeLessThan(3000);
    console.log(
      `[faults] flood: 100 reports sent in ${Math.round(sentIn / 1000)} s, all 100 stored and answered over ${Math.round(
        spread,
      )} s, 1 notice; another person answered in ≤ ${Math.round(Math.max(...others))} ms meanwhile`,
    );
  }, 150_000);
});
