import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { createLogger } from '../../src/logger.ts';
import { createOutbound, type Outbound } from '../../src/outbound/outbound.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

const stores = await connectTestStores();
const WINDOW = 1000;
let api: FakeWecomApi;
let out: Outbound;

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  api = await startFakeWecomApi({ windowMs: WINDOW });
  const config = testConfig(stores.svc, { WECOM_API_BASE: api.base });
  // Our window is a little longer than the fake's so network jitter cannot squeeze 21 into one.
  out = createOutbound({
    config,
    log: createLogger('silent'),
    data: stores.data,
    windowMs: WINDOW + 200,
    retryBaseMs: 50,
    retryMaxMs: 400,
    // These tests are about splitting: room for every piece (long messages: outbound-long.test.ts).
    maxPieces: 10,
  });
  await out.start();
});

afterAll(async () => {
  await out.stop();
  await api.close();
});

describe('outbound queue', () => {
  it('delivers 60 messages for one key in order, never more than 20 in any window, none lost', async () => {
    api.addKey('k-burst');
    for (let i = 0; i < 60; i++)
      await out.send({ webhookKey: 'k-burst' }, { type: 'text', content: `第${i}条` });
    await until(() => api.sent('k-burst').length === 60, 20_000);
    const times = api.sent('k-burst').map((m) => m.at);
    for (const t of times)
      expect(times.filter((u) => u > t - WINDOW && u <= t).length).toBeLessThanOrEqual(20);
    // In the order they were queued, although 40 of them waited for the window.
    expect(api.sent('k-burst').map((m) => m.content)).toEqual(
      Array.from({ length: 60 }, (_, i) => `第${i}条`),
    );
    expect(api.attempts().filter((a) => a.key === 'k-burst' && a.errcode === 45009)).toHaveLength(0);
    await until(async () => (await out.pending()) === 0);
  });

  it('shares the per-key limit between two bot instances', async () => {
    api.addKey('k-shared');
    const config = testConfig(stores.svc, { WECOM_API_BASE: api.base });
    const other = createOutbound({
      config,
      log: createLogger('silent'),
      data: stores.data,
      windowMs: WINDOW + 200,
    });
    await other.start();
    try {
      for (let i = 0; i < 20; i++) {
        await out.send({ webhookKey: 'k-shared' }, { type: 'text', content: `a${i}` });
        await other.send({ webhookKey: 'k-shared' }, { type: 'text', content: `b${i}` });
      }
      await until(() => api.sent('k-shared').length === 40, 20_000);
    } finally {
      await other.stop();
    }
    const times = api.sent('k-shared').map((m) => m.at);
    for (const t of times)
      expect(times.filter((u) => u > t - WINDOW && u <= t).length).toBeLessThanOrEqual(20);
    expect(api.attempts().filter((a) => a.key === 'k-shared' && a.errcode === 45009)).toHaveLength(0);
  });

  it('splits a 5 KB text into valid pieces at line ends, mentioning only on the last', async () => {
    api.addKey('k-long');
    const lines = Array.from({ length: 120 }, (_, i) => `第${i}行：贺巴高速公路项目进度正常推进`);
    const content = lines.join('\n');
    expect(Buffer.byteLength(content)).toBeGreaterThan(5000);
    await out.send(
      { webhookKey: 'k-long' },
      { type: 'text', content, mentions: ['zhangsan'] },
      { id: 'long1' },
    );
    await until(() => api.sent('k-long').length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    const got = api.sent('k-long');
    expect(got.length).toBe(Math.ceil(Buffer.byteLength(content) / 2048));
    for (const m of got) expect(Buffer.byteLength(m.content!)).toBeLessThanOrEqual(2048);
    expect(got.map((m) => m.content).join('\n')).toBe(content);
    expect(got.at(-1)!.mentions).toEqual(['zhangsan']);
    expect(got.slice(0, -1).every((m) => m.mentions.length === 0)).toBe(true);
  });

  it('writes markdown mentions as <@id> and keeps each piece within 4096 bytes', async () => {
    api.addKey('k-md');
    const content = Array.from(
      { length: 300 },
      (_, i) => `> **项目${i}** 完成投资 <font color="info">1200</font> 万元`,
    ).join('\n');
    await out.send({ webhookKey: 'k-md' }, { type: 'markdown', content, mentions: ['lisi'] }, { id: 'md1' });
    await until(() => api.sent('k-md').some((m) => m.mentions.includes('lisi')));
    const got = api.sent('k-md');
    expect(got.length).toBeGreaterThan(1);
    for (const m of got) expect(Buffer.byteLength(m.content!)).toBeLessThanOrEqual(4096);
    expect(got.at(-1)!.content).toContain('<@lisi>');
  });

  it('enqueues the same message id once', async () => {
    api.addKey('k-dup');
    for (let i = 0; i < 3; i++)
      await out.send({ webhookKey: 'k-dup' }, { type: 'text', content: '只发一次' }, { id: 'm-1' });
    await until(() => api.sent('k-dup').length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(api.sent('k-dup')).toHaveLength(1);
  });

  it('retries a busy answer (-1) until it is delivered', async () => {
    api.addKey('k-busy');
    api.failNext('k-busy', -1, 3);
    await out.send({ webhookKey: 'k-busy' }, { type: 'text', content: '稍后送达' });
    await until(() => api.sent('k-busy').length === 1);
    expect(api.attempts().filter((a) => a.key === 'k-busy' && a.errcode === -1)).toHaveLength(3);
  });

  it('marks the group broken on 93000 and does not retry', async () => {
    await GroupModel.create({ name: '坏群', chatId: 'wrBROKEN', webhookKey: 'k-gone' });
    await out.send({ chatId: 'wrBROKEN' }, { type: 'text', content: '发不出去' });
    await until(async () => Boolean((await GroupModel.findOne({ chatId: 'wrBROKEN' }))?.webhookBrokenAt));
    await new Promise((r) => setTimeout(r, 300));
    expect(api.attempts().filter((a) => a.key === 'k-gone')).toHaveLength(1);
  });

  it('resolves a chatId target through the group webhook key', async () => {
    api.addKey('k-chat');
    await GroupModel.create({ name: '调度群', chatId: 'wrCHAT', webhookKey: 'k-chat' });
    await out.send({ chatId: 'wrCHAT' }, { type: 'text', content: '你好' });
    await until(() => api.sent('k-chat').length === 1);
    await expect(out.send({ chatId: 'wrNONE' }, { type: 'text', content: 'x' })).rejects.toThrow(/Webhook/);
  });

  it('sends images with the md5 of the raw bytes and refuses images over 2 MB', async () => {
    api.addKey('k-img');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(1000, 7)]);
    await out.send({ webhookKey: 'k-img' }, { type: 'image', png });
    await until(() => api.sent('k-img').length === 1);
    const body = api.sent('k-img')[0]!.body as { image: { md5: string } };
    expect(body.image.md5).toBe(createHash('md5').update(png).digest('hex'));
    await expect(
      out.send({ webhookKey: 'k-img' }, { type: 'image', png: Buffer.alloc(2 * 1024 * 1024 + 1) }),
    ).rejects.toThrow(/2 MB/);
  });

  it('uploads a file and sends it by media_id', async () => {
    api.addKey('k-file');
    const data = Buffer.from('项目,投资\n贺巴,1200\n');
    await out.send({ webhookKey: 'k-file' }, { type: 'file', filename: '月报.csv', data });
    await until(() => api.sent('k-file').length === 1);
    expect(api.uploads().filter((u) => u.key === 'k-file')).toMatchObject([
      { key: 'k-file', filename: '月报.csv', size: data.length },
    ]);
    expect(api.sent('k-file')[0]!.msgtype).toBe('file');
  });
});
