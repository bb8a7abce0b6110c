/**
 * The 智能机器人 HTTP callback (/wecom/aibot) as a full way in, with the real dispatcher on the demo
 * county: reports, problems, queries, @-mentions, 通报 with its chart, 台账 and long answers. No
 * answer is dropped: what cannot go in the callback's stream goes by response_url, the group's
 * webhook or the long connection, and without them the person is told where to find it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { type CallbackClient, createCallbackClient } from '../fake-wecom/callback-client.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { type E2E, MAIN_KEY, startE2E, until } from './harness.ts';
import { type LongConnectionE2E, startLongConnectionE2E } from './long-connection-harness.ts';

const AIBOT_TOKEN = 'aibotE2E42';
const AIBOT_AES_KEY = 'AibotE2EaesKey0123456789abcdefghijklmnopqrs';
const AIBOT_ENV = { WECOM_AIBOT_TOKEN: AIBOT_TOKEN, WECOM_AIBOT_ENCODING_AES_KEY: AIBOT_AES_KEY };
/** A chat whose robot has no webhook (and the deployment no long connection, in the first bot). */
const BARE = 'wrAibotBare';
/** 县重大项目调度群, whose robot webhook (demo-key-1) the bot knows. */
const WITH_WEBHOOK = 'wrAibotMain';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function aibotClient(h: E2E): CallbackClient {
  return createCallbackClient({
    baseUrl: h.base,
    token: AIBOT_TOKEN,
    aesKey: AIBOT_AES_KEY,
    path: '/wecom/aibot',
    now: () => Math.floor(h.clock.now().getTime() / 1000),
  });
}

/** Sends as `userId` in `chatId` with a fresh response_url; returns the stream and the response_url post. */
async function ask(h: E2E, client: CallbackClient, userId: string, text: string, chatId = BARE) {
  const responseUrl = h.api.responseUrl();
  const code = new URL(responseUrl).searchParams.get('response_code')!;
  const r = await client.sendText({ userId, chatId, text, responseUrl });
  expect(r.status).toBe(200);
  const later = async () => {
    await until(() => h.api.sent(`aibot:${code}`).length > 0, 15_000, `response_url post for "${text}"`);
    return h.api.sent(`aibot:${code}`)[0]!;
  };
  return { r, stream: r.reply?.content ?? '', images: r.reply?.images ?? [], later, code };
}

describe('智能机器人 callback with the real dispatcher, answered in time', () => {
  let h: E2E;
  let client: CallbackClient;
  beforeAll(async () => {
    h = await startE2E({ env: { ...AIBOT_ENV, REPLY_BUDGET_MS: '4500' } });
    client = aibotClient(h);
    await GroupModel.updateOne({ name: '县重大项目调度群' }, { $set: { chatId: WITH_WEBHOOK } });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a report is stored once and answered in the stream', async () => {
    const { r, stream } = await ask(h, client, 'zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元');
    expect(r.reply).toMatchObject({ msgtype: 'stream', finish: true, streamId: r.msgId });
    expect(stream).toContain('贺巴高速公路(忻城段)');
    expect(stream).toContain('16.0%');
    expect(await currentReports('XC-2021-005', '2021-08')).toMatchObject([
      { monthAmount: 12_000_000, sourceMsgId: r.msgId },
    ]);
    expect(await InboundMessageModel.findOne({ _id: r.msgId }).lean()).toMatchObject({
      channel: 'aibot',
      status: 'processed',
      delivery: 'sync',
    });
  });

  it('a problem, its 交办 with the unit head named (the stream has no real @), and a query', async () => {
    const raised = await ask(h, client, 'zhangwei', '问题 贺巴 审批：施工许可材料不全');
    const no = /#(\d+)/.exec(raised.stream)?.[1];
    expect(no).toBeDefined();
    const assigned = await ask(h, client, 'chenjun', `交办 #${no} 县自然资源局 8月20日前`);
    expect(assigned.stream).toContain('县自然资源局');
    expect(assigned.stream).toContain('2021年8月20日');
    // wangfang (王芳) heads 县自然资源局.
    expect(assigned.stream).toContain('@王芳');
    expect(assigned.stream).not.toContain('<@');
    expect(await ProblemModel.findOne({ no: Number(no) }).lean()).toMatchObject({ unitName: '县自然资源局' });
    const q = await ask(h, client, 'liqiang', `查 #${no}`);
    expect(q.stream).toContain(`#${no}`);
  });

  it('通报 comes with its chart in the finishing stream frame', async () => {
    const { r, stream, images } = await ask(h, client, 'liqiang', '通报 7月');
    expect(r.reply?.finish).toBe(true);
    expect(stream).toContain('2021年7月');
    expect(stream).toContain('通报');
    expect(images).toHaveLength(1);
    expect(images[0]!.subarray(0, 8).equals(PNG)).toBe(true);
    const stored = await InboundMessageModel.findOne({ _id: r.msgId }).lean();
    expect(stored?.replies.map((x: { type: string }) => x.type)).toEqual(['markdown', 'image']);
  });

  it('台账 in a group with a webhook is posted there as a file', async () => {
    const uploads = h.api.uploads().length;
    await ask(h, client, 'huangmin', '导出 台账', WITH_WEBHOOK);
    await until(() => h.api.sent(MAIN_KEY).some((m) => m.msgtype === 'file'), 15_000, 'file via webhook');
    expect(h.api.uploads().slice(uploads)[0]?.filename).toMatch(/\.xlsx$/);
  });

  it('a long answer in a chat without webhook: as much as response_url takes, and a note', async () => {
    await ProblemModel.insertMany(
      // About 24 KB: over the stream's 20480 bytes, and a dozen webhook pieces (20 a minute per key).
      Array.from({ length: 90 }, (_, i) => ({
        no: 3000 + i,
        projectCode: 'XC-2021-006',
        category: '其他',
        description: `第${i + 1}项：施工便道与村道交叉处需要协调交通管制和安全防护措施，请尽快组织现场会商`,
        tier: 1,
        unitName: '县交通运输局',
        deadline: '2021-08-01',
        raisedBy: 'zhangwei',
      })),
    );
    const { r, later } = await ask(h, client, 'liqiang', '查 问题 逾期');
    expect(r.body).toBe('');
    const post = await later();
    expect(bytes(post.content!)).toBeLessThanOrEqual(20_480);
    expect(post.content).toContain('#3000');
    expect(post.content).toContain('内容较长');
  });

  it('the same long answer in a group with a webhook: its first pieces there, the whole as a file', async () => {
    const before = h.api.sent(MAIN_KEY).length;
    const uploads = h.api.uploads().length;
    const { r } = await ask(h, client, 'liqiang', '查 问题 逾期', WITH_WEBHOOK);
    expect(r.body).toBe('');
    const sent = () => h.api.sent(MAIN_KEY).slice(before);
    await until(
      () => sent().some((m) => m.msgtype === 'file'),
      30_000,
      'the whole answer as a file via the webhook',
    );
    // A dozen pieces' worth: MESSAGE_MAX_PIECES (3) messages, the last of them the file.
    expect(sent().map((m) => m.msgtype)).toEqual(['text', 'text', 'file']);
    expect(
      sent()
        .map((m) => m.content ?? '')
        .join('\n'),
    ).toContain('#3000');
    const file = h.api
      .uploads()
      .slice(uploads)
      .find((u) => u.key === MAIN_KEY)!;
    const text = file.data.toString('utf8');
    expect(text.indexOf('#3000')).toBeGreaterThan(0);
    expect(text.indexOf('#3000')).toBeLessThan(text.indexOf('#3089'));
  });

  it('台账 in a chat without webhook: the person is told where to get it', async () => {
    const { r, later } = await ask(h, client, 'huangmin', '导出 台账');
    expect(r.body).toBe('');
    const post = await later();
    expect(post.content).toContain('文件未能在此发送');
    expect(post.content).toContain('导出');
  });
});

describe('智能机器人 callback answered late, with the long connection configured', () => {
  let h: LongConnectionE2E;
  let client: CallbackClient;
  beforeAll(async () => {
    // Budget 0: every answer is too late for the callback response.
    h = await startLongConnectionE2E({ env: { ...AIBOT_ENV, REPLY_BUDGET_MS: '0' } });
    client = aibotClient(h);
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('通报: the text by response_url, the chart over the long connection to the same chat', async () => {
    const since = Date.now();
    const { r, later } = await ask(h, client, 'liqiang', '通报 7月');
    expect(r.body).toBe('');
    const post = await later();
    expect(post.content).toContain('2021年7月');
    const image = await until(
      () => h.gateway.sends(BARE).find((s) => s.at >= since && s.msgtype === 'image'),
      15_000,
      'chart over the long connection',
    );
    const up = h.gateway.uploads().find((u) => u.mediaId === image.mediaId)!;
    expect(up.data!.subarray(0, 8).equals(PNG)).toBe(true);
  });

  it('a report answered late still comes by response_url, and is stored once', async () => {
    const { r, later } = await ask(h, client, 'yangfan', '进度 福六水库 本月完成投资300万元');
    const post = await later();
    expect(post.content).toContain('300万元');
    expect(await currentReports('XC-2021-011', '2021-08')).toMatchObject([{ sourceMsgId: r.msgId }]);
  });
});
