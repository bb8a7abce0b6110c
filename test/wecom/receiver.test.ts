import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { encryptMessage, signature } from '../../src/wecom/crypto.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import {
  AES_KEY,
  AIBOT_AES_KEY,
  AIBOT_TOKEN,
  BUDGET_MS,
  type Harness,
  startHarness,
  TOKEN,
  until,
} from './harness.ts';

let h: Harness;
let robot: ReturnType<typeof createCallbackClient>;

beforeAll(async () => {
  h = await startHarness();
  robot = createCallbackClient({ baseUrl: h.base, token: TOKEN, aesKey: AES_KEY });
});
afterAll(async () => {
  await h.stop();
});

const stored = (msgId: string) => InboundMessageModel.countDocuments({ msgId });

describe('URL verification', () => {
  it('answers the decrypted echostr exactly, even when it contains + and /', async () => {
    let tries = 0;
    for (;;) {
      const r = await robot.verifyUrl();
      expect(r.status).toBe(200);
      expect(r.body).toBe(r.expected);
      expect(r.ms).toBeLessThan(1000);
      tries++;
      if ((r.echostr.includes('+') && r.echostr.includes('/')) || tries > 40) break;
    }
    expect(tries).toBeLessThanOrEqual(40);
  });

  it('refuses a verification with a bad signature', async () => {
    const echostr = encryptMessage(AES_KEY, '12345', '');
    const ts = String(Math.floor(Date.now() / 1000));
    const q = new URLSearchParams({ msg_signature: 'f'.repeat(40), timestamp: ts, nonce: '1', echostr });
    expect((await fetch(`${h.base}/wecom/callback?${q}`)).status).toBe(401);
  });
});

describe('robot message callback', () => {
  it('answers a signed, encrypted XML message with an encrypted reply that mentions the sender', async () => {
    const r = await robot.sendText({
      userId: 'zhangsan',
      chatId: 'wrG1',
      text: 'echo 你好',
      webhookKey: 'k-g1',
    });
    expect(r.status).toBe(200);
    expect(r.reply).toMatchObject({ msgtype: 'text', content: '你好', mentions: ['zhangsan'] });
    const doc = await InboundMessageModel.findOne({ msgId: r.msgId }).lean();
    expect(doc).toMatchObject({ status: 'processed', delivery: 'sync', userId: 'zhangsan', chatId: 'wrG1' });
    expect(doc!.text).toBe('@项目调度助手 echo 你好');
    expect(doc!.raw).toContain('<MsgId>');
  });

  it('speaks snake_case JSON when the URL says robot_callback_format=json', async () => {
    const json = createCallbackClient({ baseUrl: h.base, token: TOKEN, aesKey: AES_KEY, format: 'json' });
    const r = await json.sendText({ userId: 'lisi', chatId: 'wrG1', text: 'md 进度正常' });
    expect(r.status).toBe(200);
    expect(r.body.trimStart().startsWith('{')).toBe(true);
    expect(r.reply).toMatchObject({
      msgtype: 'markdown',
      content: '**进度正常**\n<@lisi>',
      mentions: ['lisi'],
    });
    expect(h.seen.find((m) => m.msgId === r.msgId)).toMatchObject({ userId: 'lisi', chatType: 'group' });
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const msgId = randomMsgId();
    const plain = robot.textPayload({ userId: 'eve', chatId: 'wrG1', text: 'echo hi' }, msgId);
    const forger = createCallbackClient({ baseUrl: h.base, token: 'wrongToken', aesKey: AES_KEY });
    const r = await forger.deliver(plain);
    expect(r.status).toBe(401);
    expect(await stored(msgId)).toBe(0);
    expect(h.calls.has(msgId)).toBe(false);
  });

  it('refuses a correctly signed callback whose timestamp is stale (replay) with 401', async () => {
    const msgId = randomMsgId();
    const old = Math.floor(Date.now() / 1000) - 11 * 60;
    const r = await robot.deliver(
      robot.textPayload({ userId: 'eve', chatId: 'wrG1', text: 'echo hi' }, msgId),
      {
        timestamp: old,
      },
    );
    expect(r.status).toBe(401);
    expect(await stored(msgId)).toBe(0);
  });

  it('answers 400 to a body that is not an envelope, a ciphertext that does not decrypt, or a bad payload', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const post = async (body: string, encrypt: string) => {
      const q = new URLSearchParams({
        msg_signature: signature(TOKEN, ts, 'n1', encrypt),
        timestamp: ts,
        nonce: 'n1',
      });
      return (await fetch(`${h.base}/wecom/callback?${q}`, { method: 'POST', body })).status;
    };
    expect(await post('<xml><Nothing/></xml>', '')).toBe(400);
    expect(await post('not xml at all', '')).toBe(400);
    const garbage = Buffer.alloc(64, 7).toString('base64');
    expect(await post(`<xml><Encrypt><![CDATA[${garbage}]]></Encrypt></xml>`, garbage)).toBe(400);
    const wrongKey = encryptMessage('Q'.repeat(43), '<xml><MsgId>1</MsgId></xml>', '');
    expect(await post(`<xml><Encrypt>${wrongKey}</Encrypt></xml>`, wrongKey)).toBe(400);
    const notXml = encryptMessage(AES_KEY, 'hello there', '');
    expect(await post(`<xml><Encrypt>${notXml}</Encrypt></xml>`, notXml)).toBe(400);
    const otherReceiver = encryptMessage(
      AES_KEY,
      '<xml><MsgId>1</MsgId><MsgType>text</MsgType></xml>',
      'wwcorp',
    );
    expect(await post(`<xml><Encrypt>${otherReceiver}</Encrypt></xml>`, otherReceiver)).toBe(400);
  });

  it('refuses an oversized body with 413 quickly, with or without Content-Length', async () => {
    const big = Buffer.alloc(1024 * 1024, 'a');
    const started = performance.now();
    const res = await fetch(`${h.base}/wecom/callback?msg_signature=x&timestamp=1&nonce=1`, {
      method: 'POST',
      body: big,
    });
    expect(res.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(1000);

    // Streaming, no Content-Length: the client keeps sending; the 413 must arrive anyway.
    const status = await new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = request(`${h.base}/wecom/callback?msg_signature=x&timestamp=1&nonce=1`, {
        method: 'POST',
        headers: { 'transfer-encoding': 'chunked' },
      });
      req.on('response', (r) => {
        expect(performance.now() - t0).toBeLessThan(1000);
        resolve(r.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (e) => (performance.now() - t0 < 1000 ? undefined : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 'b');
      let n = 0;
      const pump = () => {
        while (n++ < 200 && req.write(chunk));
        if (n < 200) req.once('drain', pump);
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('runs the handler once for a MsgId delivered three times and answers the retries alike', async () => {
    const first = await robot.sendText({ userId: 'wangwu', chatId: 'wrG1', text: 'echo 只处理一次' });
    const again = await Promise.all([robot.retry(first), robot.retry(first)]);
    expect(h.calls.get(first.msgId!)).toBe(1);
    expect(await stored(first.msgId!)).toBe(1);
    for (const r of again) {
      expect(r.status).toBe(200);
      expect(r.reply?.content).toBe('只处理一次');
    }
  });

  it('runs the handler once when three deliveries of one MsgId arrive together', async () => {
    const msgId = randomMsgId();
    const plain = robot.textPayload({ userId: 'wangwu', chatId: 'wrG1', text: 'echo 同时到达' }, msgId);
    const all = await Promise.all([robot.deliver(plain), robot.deliver(plain), robot.deliver(plain)]);
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(h.calls.get(msgId)).toBe(1);
    expect(all.filter((r) => r.reply?.content === '同时到达').length).toBeGreaterThanOrEqual(1);
  });

  it('acknowledges a slow answer at once and delivers it through the webhook', async () => {
    h.api.addKey('k-slow');
    const r = await robot.sendText({
      userId: 'zhaoliu',
      chatId: 'wrSLOW',
      text: 'slow 稍等',
      webhookKey: 'k-slow',
    });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.ms).toBeLessThan(BUDGET_MS + 400);
    await until(() => h.api.sent('k-slow').length === 1);
    expect(h.api.sent('k-slow')[0]!.content).toBe('稍等');
    await until(
      async () => (await InboundMessageModel.findOne({ msgId: r.msgId }).lean())?.status === 'processed',
    );
    // WeCom's retry after its 5 s timeout must not post again.
    await robot.retry(r);
    await new Promise((res) => setTimeout(res, 200));
    expect(h.api.sent('k-slow')).toHaveLength(1);
    expect(h.calls.get(r.msgId!)).toBe(1);
  });

  it('sends a 9 KB answer as two valid webhook messages and the whole text as a file', async () => {
    h.api.addKey('k-long');
    const r = await robot.sendText({ userId: 'sunqi', chatId: 'wrLONG', text: 'long', webhookKey: 'k-long' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    await until(() => h.api.sent('k-long').some((m) => m.msgtype === 'file'));
    const got = h.api.sent('k-long');
    // Five pieces' worth of text: over MESSAGE_MAX_PIECES (3), so two pieces and the file.
    expect(got.map((m) => m.msgtype)).toEqual(['text', 'text', 'file']);
    for (const m of got.slice(0, 2)) expect(Buffer.byteLength(m.content!)).toBeLessThanOrEqual(2048);
    expect(got[1]!.mentions).toEqual(['sunqi']);
    expect(got[1]!.content).toMatch(
      /完整内容见随后发送的文件「第1行：贺巴高速公路\(忻城段\)本月完成投资1200万元\.txt」）$/,
    );
    const [file] = h.api.uploads().filter((u) => u.key === 'k-long');
    const lines = file!.data
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines.slice(0, -1)).toHaveLength(150);
    expect(lines[149]).toBe('第150行：贺巴高速公路(忻城段)本月完成投资1200万元');
  });

  it('sends images through the webhook, never in the callback response', async () => {
    h.api.addKey('k-pic');
    const r = await robot.sendText({ userId: 'sunqi', chatId: 'wrPIC', text: 'pic', webhookKey: 'k-pic' });
    expect(r.body).toBe('');
    await until(() => h.api.sent('k-pic').length === 2);
    expect(h.api.sent('k-pic').map((m) => m.msgtype)).toEqual(['text', 'image']);
  });

  it('answers a failing handler with an apology instead of silence', async () => {
    const r = await robot.sendText({ userId: 'sunqi', chatId: 'wrG1', text: 'boom' });
    expect(r.status).toBe(200);
    expect(r.reply?.content).toMatch(/抱歉/);
    expect((await InboundMessageModel.findOne({ msgId: r.msgId }).lean())?.status).toBe('failed');
  });
});

describe('recovery after a crash', () => {
  it('processes messages stored but never processed and pushes the replies via webhook', async () => {
    h.api.addKey('k-crash');
    const msgId = randomMsgId();
    await InboundMessageModel.create({
      msgId,
      channel: 'robot',
      raw: '<xml/>',
      chatId: 'wrCRASH',
      chatType: 'group',
      userId: 'zhangsan',
      kind: 'text',
      text: '@项目调度助手 echo 重启后补发',
      webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-crash',
      status: 'received',
      receivedAt: new Date(Date.now() - 5000),
    });
    expect(await h.pipeline.recoverPending()).toBeGreaterThanOrEqual(1);
    await until(() => h.api.sent('k-crash').length === 1);
    expect(h.api.sent('k-crash')[0]).toMatchObject({ content: '重启后补发', mentions: ['zhangsan'] });
    expect((await InboundMessageModel.findOne({ msgId }).lean())?.status).toBe('processed');
    expect(await h.pipeline.recoverPending()).toBe(0);
  });

  /** A message stored by another process, which holds it under a lease that has not run out. */
  async function heldElsewhere(msgId: string, owner: string, text: string, key: string) {
    h.api.addKey(key);
    await InboundMessageModel.create({
      _id: msgId,
      msgId,
      channel: 'robot',
      raw: '<xml/>',
      chatId: `wr${key}`,
      chatType: 'group',
      userId: 'zhangsan',
      kind: 'text',
      text: `@项目调度助手 ${text}`,
      webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`,
      status: 'processing',
      owner,
      leaseUntil: new Date(Date.now() + 1500),
      attempts: 1,
      receivedAt: new Date(),
    });
    return robot.textPayload({ userId: 'zhangsan', chatId: `wr${key}`, webhookKey: key, text }, msgId);
  }

  it('answers a retry at once when the process that stored the message died on this host', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const msgId = randomMsgId();
    const plain = await heldElsewhere(msgId, `${hostname()}:${dead}:gone`, 'echo 重试即答', 'k-dead');
    const r = await robot.deliver(plain, { msgId });
    expect(r.status).toBe(200);
    expect(r.reply?.content).toBe('重试即答');
    expect(h.calls.get(msgId)).toBe(1);
    expect(await InboundMessageModel.findOne({ _id: msgId }).lean()).toMatchObject({
      status: 'processed',
      delivery: 'sync',
      attempts: 2,
    });
  });

  it('answers through the webhook when a retry found the message held by another host that then died', async () => {
    const msgId = randomMsgId();
    const plain = await heldElsewhere(msgId, 'other-host:4242:gone', 'echo 别处宕机', 'k-elsewhere');
    // What the other host stored before it died: the message is not handled twice.
    await AuditLogModel.create({
      entity: 'project',
      entityId: 'XC-JT-001',
      action: 'report',
      actor: 'zhangsan',
      via: 'chat',
      sourceMsgId: msgId,
    });
    const r = await robot.deliver(plain, { msgId });
    expect(r.status).toBe(200);
    expect(r.reply).toBeUndefined();
    // Its lease runs out; the recovery sweep takes the message up and answers where WeCom no longer asks.
    await until(async () => (await h.pipeline.recoverPending()) === 1, 5_000);
    await until(() => h.api.sent('k-elsewhere').length === 1);
    expect(h.api.sent('k-elsewhere')[0]?.content).toBe('已办理，未重复办理：echo 别处宕机');
    expect(h.calls.get(msgId)).toBeUndefined();
    await new Promise((res) => setTimeout(res, 300));
    expect(h.api.sent('k-elsewhere')).toHaveLength(1);
  });
});

describe('group learning', () => {
  it('creates a group from ChatId and WebhookUrl, storing only the key', async () => {
    await robot.sendText({ userId: 'u1', chatId: 'wrNEW', text: 'hi', webhookKey: 'k-new' });
    const g = await GroupModel.findOne({ chatId: 'wrNEW' }).lean();
    expect(g).toMatchObject({ name: '群聊 wrNEW', webhookKey: 'k-new', active: true });
  });

  it('joins an imported group known by webhook key to its chat id', async () => {
    await GroupModel.create({ name: '贺巴项目群', webhookKey: 'k-imported', subscriptions: ['日报'] });
    await robot.sendText({ userId: 'u1', chatId: 'wrIMP', text: 'hi', webhookKey: 'k-imported' });
    const g = await GroupModel.findOne({ name: '贺巴项目群' }).lean();
    expect(g?.chatId).toBe('wrIMP');
    expect(await GroupModel.countDocuments({ chatId: 'wrIMP' })).toBe(1);
  });

  it('deactivates on delete_from_chat and reactivates on add_to_chat', async () => {
    let r = await robot.sendEvent({ eventType: 'delete_from_chat', chatId: 'wrEV', webhookKey: 'k-ev' });
    expect(r.status).toBe(200);
    expect((await GroupModel.findOne({ chatId: 'wrEV' }).lean())?.active).toBe(false);
    r = await robot.sendEvent({ eventType: 'add_to_chat', chatId: 'wrEV', webhookKey: 'k-ev' });
    expect((await GroupModel.findOne({ chatId: 'wrEV' }).lean())?.active).toBe(true);
  });
});

describe('智能机器人 callback', () => {
  it('answers with a finished stream reply that reuses the callback nonce', async () => {
    const ai = createCallbackClient({
      baseUrl: h.base,
      token: AIBOT_TOKEN,
      aesKey: AIBOT_AES_KEY,
      path: '/wecom/aibot',
    });
    const v = await ai.verifyUrl();
    expect(v.ok).toBe(true);
    const r = await ai.sendText({ userId: 'zhangsan', chatId: 'wrAI', text: 'echo 智能回复' });
    expect(r.status).toBe(200);
    expect(r.reply).toMatchObject({
      msgtype: 'stream',
      finish: true,
      // The stream has no real @: the mentioned sender is named (by userid, unknown to the library).
      content: '智能回复\n@zhangsan',
      streamId: r.msgId,
    });
  });

  it('delivers a slow answer to the response_url', async () => {
    const ai = createCallbackClient({
      baseUrl: h.base,
      token: AIBOT_TOKEN,
      aesKey: AIBOT_AES_KEY,
      path: '/wecom/aibot',
    });
    const responseUrl = h.api.responseUrl();
    const code = new URL(responseUrl).searchParams.get('response_code');
    const r = await ai.sendText({ userId: 'zhangsan', chatId: 'wrAI', text: 'slow 晚点回复', responseUrl });
    expect(r.body).toBe('');
    await until(() => h.api.sent(`aibot:${code}`).length === 1);
    expect(h.api.sent(`aibot:${code}`)[0]!.content).toBe('晚点回复');
  });

  it('refuses robot credentials on the aibot endpoint', async () => {
    const wrong = createCallbackClient({
      baseUrl: h.base,
      token: TOKEN,
      aesKey: AES_KEY,
      path: '/wecom/aibot',
    });
    expect((await wrong.sendText({ userId: 'x', text: 'echo hi' })).status).toBe(401);
  });
});
