import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { connectMongo } from '../../src/store/mongo.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, ownStore, TOKEN, until } from './harness.ts';

const store = await ownStore(inject('ferretdbBin'));
await connectMongo(store.uri);
await seedLibrary();
const api = await startFakeWecomApi();
api.addKey(keyOf('zhangwei'));
const bot = await startBot(botEnv({ mongoUri: store.uri, redisUrl: inject('redisUrl'), apiBase: api.base }));
const client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
afterAll(async () => {
  await bot.stop('SIGKILL');
  await mongoose.disconnect();
  await store.remove();
  await api.close();
});

const report = (n: number, msgId = randomMsgId()) =>
  client.sendText({
    userId: 'zhangwei',
    chatId: chatOf('zhangwei'),
    webhookKey: keyOf('zhangwei'),
    text: `进度 贺巴 本月完成投资${n}万元`,
    msgId,
  });

describe('FerretDB stops while people report', () => {
  it('answers non-200 so WeCom retries, acknowledges nothing unstored, and resumes with no loss', async () => {
    const first = await report(31);
    expect(first.status).toBe(200);
    expect(first.reply?.content).toContain('完成投资31万元');

    await store.stop();
    const msgId = randomMsgId();
    const refused = [];
    // WeCom retries a failed callback three times.
    for (let k = 0; k < 3; k++) refused.push(await report(32, msgId));
    for (const r of refused) {
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(r.body).not.toMatch(/at .*\.ts:\d+|Error:/);
      expect(r.ms).toBeLessThan(5000);
    }
    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ mongodb: false });

    await store.start();
    await until(async () => (await fetch(`${bot.base}/readyz`)).status === 200, 30_000, 'store back');
    const later = await report(32, msgId);
    expect(later.status).toBe(200);
    expect(later.reply?.content).toContain('完成投资32万元');
    expect(await InboundMessageModel.countDocuments({ msgId })).toBe(1);
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: msgId })).toBe(1);
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: first.msgId })).toBe(1);
    console.log(
      `[faults] store outage: 3 callbacks refused with ${refused.map((r) => r.status).join('/')} in ≤ ${Math.round(
        Math.max(...refused.map((r) => r.ms)),
      )} ms, /readyz 503; after restart the retry was stored once and answered`,
    );
  }, 90_000);
});
