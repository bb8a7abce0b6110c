/**
 * Hostile input against the real bot process (LOG_LEVEL=debug, whose whole output is then searched
 * for secrets): forged and stale callbacks, replays, another receiver's payload, malformed,
 * oversized, deeply nested and entity-expanding bodies, NoSQL operators in every field, long text,
 * control characters and emoji, and fast-check fuzzing of the receiver.
 *
 * Decided: a replay of a valid callback (same MsgId, even with the same timestamp and nonce inside
 * the 10-minute window) is answered like WeCom's own retry — with the stored answer — and has no
 * effect: nothing is processed or stored a second time.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { encryptMessage, signature } from '../../src/wecom/crypto.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, REPORTERS, TOKEN, until } from './harness.ts';

const { svc } = await connectTestStores();
await seedLibrary();
const api = await startFakeWecomApi();
for (const r of REPORTERS) api.addKey(keyOf(r.userId));
const bot = await startBot(
  botEnv({
    mongoUri: svc.mongoUri,
    redisUrl: svc.redisUrl,
    apiBase: api.base,
    extra: { LOG_LEVEL: 'debug' },
  }),
);
const client = createCallbackClient({ baseUrl: bot.base, token: TOKEN, aesKey: AES_KEY });
const replies: string[] = [];
afterAll(async () => {
  await bot.stop('SIGKILL');
  await api.close();
});

const STACK = /\n\s+at |Error:|\.ts:\d+|node_modules/;
const now = () => Math.floor(Date.now() / 1000);

async function post(body: string | Buffer, q: Record<string, string>, type = 'text/xml') {
  const started = performance.now();
  const res = await fetch(`${bot.base}/wecom/callback?${new URLSearchParams(q)}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

/** A correctly signed callback for `plain`, with overrides to break one thing at a time. */
function signed(plain: string, o: { ts?: number; nonce?: string; receiveId?: string; sig?: string } = {}) {
  const encrypt = encryptMessage(AES_KEY, plain, o.receiveId ?? '');
  const timestamp = String(o.ts ?? now());
  const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e9));
  return {
    body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    q: { msg_signature: o.sig ?? signature(TOKEN, timestamp, nonce, encrypt), timestamp, nonce },
  };
}

const textPlain = (text: string, msgId = randomMsgId(), userId = 'zhangwei') =>
  client.textPayload({ userId, chatId: chatOf(userId), webhookKey: keyOf(userId), text }, msgId);
const stored = () => InboundMessageModel.countDocuments({});

/** The refusal is quick, plain, has no stack trace and stores nothing. */
async function refused(r: { status: number; body: string; ms: number }, status: number, before: number) {
  expect(r.status).toBe(status);
  expect(r.body).not.toMatch(STACK);
  expect(r.ms).toBeLessThan(1000);
  expect(await stored()).toBe(before);
}

describe('callbacks that must be refused, with nothing stored', () => {
  it('forged signature → 401', async () => {
    const before = await stored();
    const s = signed(textPlain('进度 贺巴 本月完成投资1万元'), { sig: 'f'.repeat(40) });
    await refused(await post(s.body, s.q), 401, before);
  });

  it('stale and future timestamps → 401 even with a valid signature', async () => {
    const before = await stored();
    for (const ts of [now() - 3600, now() + 3600, 0]) {
      const s = signed(textPlain('进度 贺巴 本月完成投资2万元'), { ts });
      await refused(await post(s.body, s.q), 401, before);
    }
  });

  it("another receiver's payload (wrong receiveid) → 400", async () => {
    const before = await stored();
    const s = signed(textPlain('进度 贺巴 本月完成投资3万元'), { receiveId: 'wwOtherCorp' });
    await refused(await post(s.body, s.q), 400, before);
  });

  it('malformed XML and JSON envelopes → 400; a body over 256 KB → 413 at once', async () => {
    const before = await stored();
    const q = { msg_signature: 'x', timestamp: String(now()), nonce: '1' };
    for (const body of [
      '<xml><Encrypt>',
      '<<<>>>',
      '{"encrypt": ',
      '{"encrypt": {"$gt": ""}}',
      '',
      '\u0000\u0001',
    ]) {
      const r = await post(body, q, body.startsWith('{') ? 'application/json' : 'text/xml');
      expect([400, 401]).toContain(r.status);
      expect(r.body).not.toMatch(STACK);
    }
    const big = await post(Buffer.alloc(300 * 1024, 'a'), q);
    await refused(big, 413, before);
  });

  it('deeply nested JSON, in the envelope and inside a signed payload → 400, no crash', async () => {
    const before = await stored();
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const q = { msg_signature: 'x', timestamp: String(now()), nonce: '1', robot_callback_format: 'json' };
    const r1 = await post(`{"encrypt": ${deep.slice(0, 200_000)}}`, q, 'application/json');
    expect([400, 401, 413]).toContain(r1.status);
    const inner = `{"msgtype":"text","x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`;
    const encrypt = encryptMessage(AES_KEY, inner, '');
    const ts = String(now());
    const r2 = await post(
      JSON.stringify({ encrypt }),
      {
        msg_signature: signature(TOKEN, ts, '7', encrypt),
        timestamp: ts,
        nonce: '7',
        robot_callback_format: 'json',
      },
      'application/json',
    );
    expect(r2.status).toBeLessThan(500);
    expect(r2.body).not.toMatch(STACK);
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    expect(await stored()).toBeLessThanOrEqual(before + 1);
  });

  it('XML entity expansion ("billion laughs") is not expanded and is answered at once', async () => {
    const before = await stored();
    const ents = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE xml [${ents.join('')}]><xml><Encrypt>&l9;</Encrypt></xml>`;
    const r = await post(bomb, { msg_signature: 'x', timestamp: String(now()), nonce: '1' });
    await refused(r, r.status === 401 ? 401 : 400, before);
    // The same bomb inside a correctly signed payload.
    const s = signed(
      `<?xml version="1.0"?><!DOCTYPE xml [${ents.join('')}]><xml><MsgId>${randomMsgId()}</MsgId><MsgType>text</MsgType><From><UserId>zhangwei</UserId></From><Text><Content>&l9;</Content></Text></xml>`,
    );
    const r2 = await post(s.body, s.q);
    expect(r2.status).toBeLessThan(500);
    expect(r2.ms).toBeLessThan(2000);
    expect(r2.body).not.toMatch(/(lol){100}/);
  });
});

describe('replays and hostile content in valid callbacks', () => {
  it('a replayed valid callback (same MsgId, timestamp and nonce) has no effect', async () => {
    const msgId = randomMsgId();
    const s = signed(textPlain('进度 贺巴 本月完成投资4万元', msgId));
    const first = await post(s.body, s.q);
    expect(first.status).toBe(200);
    for (let k = 0; k < 3; k++) expect((await post(s.body, s.q)).status).toBe(200);
    expect(await InboundMessageModel.countDocuments({ msgId })).toBe(1);
    expect((await InboundMessageModel.findOne({ msgId }).lean())?.attempts).toBe(1);
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: msgId })).toBe(1);
  });

  it('NoSQL operators in every field of a JSON payload are stored as text or dropped, never queried', async () => {
    const op = { $gt: '' };
    const payload = {
      webhook_url: op,
      msgid: { $ne: null },
      chatid: op,
      chattype: op,
      from: { userid: op, name: { $where: 'sleep(1000)' } },
      msgtype: 'text',
      text: { content: '{"$gt":""} $where: function(){return true} {"$ne":1}' },
    };
    const encrypt = encryptMessage(AES_KEY, JSON.stringify(payload), '');
    const ts = String(now());
    const r = await post(
      JSON.stringify({ encrypt }),
      {
        msg_signature: signature(TOKEN, ts, '9', encrypt),
        timestamp: ts,
        nonce: '9',
        robot_callback_format: 'json',
      },
      'application/json',
    );
    expect(r.status).toBe(200);
    expect(r.body).not.toMatch(STACK);
    const docs = await InboundMessageModel.find({ text: /\$where/ }).lean();
    expect(docs).toHaveLength(1);
    for (const f of ['msgId', 'userId', 'chatType'] as const) expect(typeof docs[0]![f]).toBe('string');
    expect(docs[0]!.chatId).toBeUndefined();
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: docs[0]!.msgId })).toBe(0);
  });

  it('operator-looking text in each command field reaches no query: reports and queries answer plainly', async () => {
    const hostile = ['{"$gt":""}', '$where', '{"$ne":null}', '[$regex]=.*', "'; db.dropDatabase(); '"];
    for (const h of hostile) {
      for (const text of [
        `进度 ${h} 本月完成投资5万元`,
        `查 ${h}`,
        `问题 ${h} 征地拆迁：${h}`,
        `交办 #1 ${h} ${h}`,
      ]) {
        const r = await client.sendText({
          userId: 'zhangwei',
          chatId: chatOf('zhangwei'),
          webhookKey: keyOf('zhangwei'),
          text,
        });
        expect(r.status).toBe(200);
        const content = r.reply?.content ?? '';
        replies.push(content);
        expect(content).not.toMatch(STACK);
        expect(content).not.toMatch(/已记录/);
      }
    }
    expect(await ProgressReportModel.countDocuments({ monthAmount: 50_000 })).toBe(0);
  }, 60_000);

  it('10 KB messages, control characters and emoji get a reply', async () => {
    const texts = [
      `进度 贺巴 本月完成投资6万元 形象进度：${'路基施工'.repeat(850)}`,
      '查 贺巴\u0000\u0007\u001b[31m\u202e',
      '🚧🏗️ 进度 贺巴 本月完成投资7万元 👍👍',
      '\u200b\u200b帮助\ufeff',
    ];
    for (const text of texts) {
      const r = await client.sendText({
        userId: 'zhangwei',
        chatId: chatOf('zhangwei'),
        webhookKey: keyOf('zhangwei'),
        text,
      });
      expect(r.status).toBe(200);
      if (r.reply) replies.push(r.reply.content);
      // A message that stored something is marked done just after its answer.
      await until(
        async () => (await InboundMessageModel.findOne({ msgId: r.msgId }).lean())?.status === 'processed',
      );
      const doc = await InboundMessageModel.findOne({ msgId: r.msgId }).lean();
      expect(doc?.replies?.length).toBeGreaterThan(0);
    }
  }, 30_000);
});

describe('fuzzing the receiver (fast-check)', () => {
  it('arbitrary bodies and queries: never a 500, never a stack trace, nothing stored', async () => {
    const before = await stored();
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 100 }).map((s) => `<xml><Encrypt>${s}</Encrypt></xml>`),
      fc.string({ maxLength: 100 }).map((s) => JSON.stringify({ encrypt: s })),
    );
    const query = fc.record({
      msg_signature: fc.oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 }),
        fc.string(),
      ),
      timestamp: fc.oneof(fc.constant(String(now())), fc.string()),
      nonce: fc.string(),
    });
    await fc.assert(
      fc.asyncProperty(body, query, fc.boolean(), async (b, q, json) => {
        const r = await post(
          b,
          json ? { ...q, robot_callback_format: 'json' } : q,
          json ? 'application/json' : 'text/xml',
        );
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.body).not.toMatch(STACK);
      }),
      { numRuns: 80 },
    );
    expect(await stored()).toBe(before);
  }, 60_000);

  it('any text in a valid message gets a reply, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => `进度 贺巴 ${s}`),
          fc.constantFrom('{"$gt":""}', '$where', '办结 #99999999999999999999', '交办 #-1', '查 问题 逾期'),
        ),
        fc.constantFrom(...REPORTERS.map((r) => r.userId), 'stranger'),
        async (text, userId) => {
          const r = await client.sendText({
            userId,
            chatId: chatOf(userId),
            webhookKey: keyOf(userId),
            text,
          });
          expect(r.status).toBe(200);
          await until(async () => {
            const doc = await InboundMessageModel.findOne({ msgId: r.msgId }).lean();
            return doc?.status === 'processed' || doc?.status === 'failed';
          });
          const doc = await InboundMessageModel.findOne({ msgId: r.msgId }).lean();
          expect(doc?.status).toBe('processed');
          expect(doc?.replies?.length).toBeGreaterThan(0);
          for (const rep of doc?.replies ?? []) {
            const c = String((rep as { content?: string }).content ?? '');
            replies.push(c);
            expect(c).not.toMatch(STACK);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 90_000);
});

describe('secrets', () => {
  it('the token, the AES key and webhook keys appear in no log line (debug) and no reply', async () => {
    const out = bot.output();
    expect(out.length).toBeGreaterThan(1000);
    const secrets = [TOKEN, AES_KEY, ...REPORTERS.map((r) => keyOf(r.userId))];
    for (const s of secrets) {
      expect(out.includes(s), `log contains ${s}`).toBe(false);
      expect(
        replies.some((c) => c.includes(s)),
        `reply contains ${s}`,
      ).toBe(false);
    }
    for (const m of api.sent()) for (const s of secrets) expect(m.content ?? '').not.toContain(s);
    console.log(
      `[faults] secrets: ${out.split('\n').length} debug log lines and ${replies.length + api.sent().length} replies searched, no secret found`,
    );
  });
});
