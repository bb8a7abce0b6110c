import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { Redis } from 'ioredis';
import Koa from 'koa';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { systemClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createInboundPipeline } from '../../src/inbound/pipeline.ts';
import { createLogger } from '../../src/logger.ts';
import { connectMongo } from '../../src/store/mongo.ts';
import { mountWecom } from '../../src/wecom/mount.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import { AES_KEY, type Harness, startHarness, TOKEN, testDispatch } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** A bare Koa app with the WeCom routes, for configurations the harness does not cover. */
async function miniApp(mount: (router: Router) => void): Promise<{ base: string; close(): Promise<void> }> {
  const app = new Koa();
  const router = new Router();
  mount(router);
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('when something is missing', () => {
  it('answers 503 naming the variables to set when the callback is not configured', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await miniApp((router) =>
      mountWecom({ router, config, clock: systemClock, pipeline: h.pipeline }),
    );
    try {
      const get = await fetch(`${app.base}/wecom/callback?echostr=x`);
      expect(get.status).toBe(503);
      expect(await get.text()).toMatch(/WECOM_TOKEN.*WECOM_ENCODING_AES_KEY/);
      const post = await fetch(`${app.base}/wecom/aibot`, { method: 'POST', body: '{}' });
      expect(post.status).toBe(503);
      expect(await post.text()).toMatch(/WECOM_AIBOT_TOKEN/);
    } finally {
      await app.close();
    }
  });

  it('deduplicates by the unique index alone while Redis is down', async () => {
    const deadRedis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    deadRedis.on('error', () => {});
    let calls = 0;
    const config = h.runtime.config;
    const pipeline = createInboundPipeline({
      config,
      log: createLogger('silent'),
      redis: deadRedis,
      data: h.runtime.data,
      outbound: h.outbound,
      dispatch: async (m) => {
        calls++;
        return testDispatch(m);
      },
    });
    const app = await miniApp((router) => mountWecom({ router, config, clock: systemClock, pipeline }));
    try {
      const client = createCallbackClient({ baseUrl: app.base, token: TOKEN, aesKey: AES_KEY });
      const first = await client.sendText({ userId: 'u', chatId: 'wrR', text: 'echo 无缓存' });
      const second = await client.retry(first);
      const third = await client.retry(first);
      expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
      expect(calls).toBe(1);
      expect(third.reply?.content).toBe('无缓存');
    } finally {
      await app.close();
      deadRedis.disconnect();
    }
  });

  it('answers 503 and stores nothing while MongoDB is unreachable, then accepts the retry', async () => {
    const client = createCallbackClient({ baseUrl: h.base, token: TOKEN, aesKey: AES_KEY });
    const msgId = randomMsgId();
    await mongoose.disconnect();
    const down = await client.sendText({ userId: 'u', chatId: 'wrM', text: 'echo 数据库恢复后', msgId });
    expect(down.status).toBe(503);
    expect(h.calls.has(msgId)).toBe(false);
    await connectMongo(h.mongoUri);
    expect(await InboundMessageModel.countDocuments({ msgId })).toBe(0);
    // WeCom retries a non-200: the same MsgId is now stored and answered.
    const up = await client.retry(down);
    expect(up.status).toBe(200);
    expect(up.reply?.content).toBe('数据库恢复后');
    expect(h.calls.get(msgId)).toBe(1);
  });
});
