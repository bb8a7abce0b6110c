import { afterAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, ownRedis, REPORTERS, TOKEN, until } from './harness.ts';

const { svc } = await connectTestStores();
await seedLibrary();
const redis = await ownRedis();
const api = await startFakeWecomApi();
for (const r of REPORTERS) api.addKey(keyOf(r.userId));
// Budget 0: every answer goes through the outbound queue, which lives in Redis.
const bot = await startBot(
  botEnv({ mongoUri: svc.mongoUri, redisUrl: redis.url, apiBase: api.base, extra: { REPLY_BUDGET_MS: '0' } }),
);
const client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
afterAll(async () => {
  await bot.stop('SIGKILL');
  await redis.stop();
  await api.close();
});

const say = (i: number, text: string, msgId = randomMsgId()) => {
  const r = REPORTERS[i]!;
  return client.sendText({
    userId: r.userId,
    chatId: chatOf(r.userId),
    webhookKey: keyOf(r.userId),
    text,
    msgId,
  });
};
const readyz = async () => {
  const res = await fetch(`${bot.base}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const sentTo = (i: number) => api.sent(keyOf(REPORTERS[i]!.userId)).map((s) => s.content ?? '');
/** The reply that records n 万元 (a later reply may mention it as the figure it replaced). */
const recorded = (c: string, n: number) => new RegExp(`^已记录：\\S+ \\d+年\\d+月 完成投资${n}万元`).test(c);

describe('Redis stops for ~12 s during traffic', () => {
  it('keeps accepting callbacks, dedupes by the store, holds replies until Redis returns, shows the outage on /readyz', async () => {
    expect((await say(0, '进度 贺巴 本月完成投资11万元')).status).toBe(200);
    await until(() => sentTo(0).some((c) => c.includes('完成投资11万元')), 15_000, 'first reply');
    expect((await readyz()).status).toBe(200);

    await redis.stop();
    const down = Date.now();
    const ready = await readyz();
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ok: false, redis: false, mongodb: true });

    const during = [];
    for (let k = 0; k < 6; k++) {
      const i = k % 3;
      const r = await say(i, `进度 ${REPORTERS[i]!.project} 本月完成投资${21 + k}万元`);
      during.push(r);
    }
    // WeCom retries one of them: the unique index alone must keep it single.
    const retry = await client.retry(during[0]!);
    const dialog = await say(0, '进度 贺巴');
    for (const r of [...during, retry, dialog]) {
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(3000);
    }
    const ids = during.map((r) => r.msgId!);
    await until(
      async () => (await ProgressReportModel.countDocuments({ sourceMsgId: { $in: ids } })) === 6,
      15_000,
      'reports stored during the outage',
    );
    expect(await InboundMessageModel.countDocuments({ msgId: ids[0] })).toBe(1);
    // Nothing reached WeCom while Redis was down: the replies wait in the queue.
    expect(sentTo(1)).toEqual([]);

    await new Promise((r) => setTimeout(r, Math.max(0, 12_000 - (Date.now() - down))));
    await redis.start();
    await until(async () => (await readyz()).status === 200, 20_000, '/readyz back to 200');
    await until(
      () =>
        [21, 22, 23, 24, 25, 26].every((n) => [0, 1, 2].some((i) => sentTo(i).some((c) => recorded(c, n)))),
      45_000,
      'replies held during the outage delivered',
    );
    // The dialog cannot be kept without Redis: the person is told so, in the callback answer when it
    // was ready at once (the store's refusal is immediate), else through the webhook once Redis is back.
    const dialogAnswers = () => [dialog.reply?.content ?? '', ...sentTo(0)];
    await until(
      () => dialogAnswers().some((c) => c.includes('缓存服务暂时不可用')),
      10_000,
      'dialog reply',
    ).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.sent().map((s) => s.content))}\n${bot.output()}`);
    });
    await new Promise((r) => setTimeout(r, 1000));
    const all = [0, 1, 2].flatMap(sentTo);
    for (const n of [21, 22, 23, 24, 25, 26]) {
      expect(all.filter((c) => recorded(c, n))).toHaveLength(1);
    }
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: { $in: ids } })).toBe(6);
    console.log(
      `[faults] redis outage ${Math.round((Date.now() - down) / 1000)} s: 8 callbacks answered 200 in ≤ ${Math.round(
        Math.max(...[...during, retry, dialog].map((r) => r.ms)),
      )} ms, 6 reports stored once (retry deduped by index), ${all.length - 1} replies delivered after Redis returned`,
    );
  }, 120_000);
});
