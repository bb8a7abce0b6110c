/**
 * The 智能机器人 long connection as a way in, end to end: frames pushed by the fake gateway to the
 * bot of `npm start` (wireBot on the demo county, the real dispatcher), answered through WeCom's
 * real SDK. Every answer goes through the outbound queue; the first piece comes back on the frame.
 */
import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { settle, until } from './harness.ts';
import { BOT_ID, type LongConnectionE2E, startLongConnectionE2E } from './long-connection-harness.ts';

let h: LongConnectionE2E;
beforeAll(async () => {
  h = await startLongConnectionE2E();
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const GROUP = 'wrWsDispatch';
const PNG = Buffer.from('89504e470d0a1a0a', 'hex');
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('messages over the long connection, through the real dispatcher', () => {
  it('a report in a group is stored once from its frame and answered as a finished stream on it', async () => {
    const r = await h.ask(
      'zhangwei',
      '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
      {
        chatId: GROUP,
      },
    );
    expect(r.stream).toContain('贺巴高速公路(忻城段)');
    expect(r.stream).toContain('1200万元');
    expect(r.stream).toContain('16.0%');
    expect(r.sends).toHaveLength(0);
    const [doc, ...rest] = await currentReports('XC-2021-005', '2021-08');
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({
      monthAmount: 12_000_000,
      sourceMsgId: r.pushed.msgid,
      reporterId: 'zhangwei',
    });
    const stored = await InboundMessageModel.findOne({ _id: r.pushed.msgid }).lean();
    expect(stored).toMatchObject({
      channel: 'aibot-ws',
      reqId: r.pushed.reqId,
      chatId: GROUP,
      status: 'processed',
      attempts: 1,
    });
    expect(JSON.parse(stored!.raw)).toMatchObject({ msgid: r.pushed.msgid, aibotid: BOT_ID });
    // The group is learned from the frame, with its chat id and no webhook.
    expect(await GroupModel.findOne({ chatId: GROUP }).lean()).toMatchObject({ active: true });
  });

  it('the same msgid sent again is handled once and answered once', async () => {
    const msgid = `dup-${Date.now()}`;
    const first = await h.ask('yangfan', '进度 福六水库 本月完成投资300万元', { chatId: GROUP, msgid });
    expect(first.stream).toContain('300万元');
    const again = h.gateway.pushText({
      userId: 'yangfan',
      chatId: GROUP,
      text: '@项目调度助手 进度 福六水库 本月完成投资300万元',
      msgid,
    });
    await settle(() => h.gateway.sends().length + h.gateway.streams().length, 800);
    expect(h.seen(again).text).toBe('');
    expect(await ProgressReportModel.countDocuments({ sourceMsgId: msgid })).toBe(1);
    expect(await InboundMessageModel.countDocuments({ _id: msgid })).toBe(1);
  });

  it('queries and problems answer like the callbacks', async () => {
    const q = await h.ask('liqiang', '查 贺巴', { chatId: GROUP });
    expect(q.stream).toContain('贺巴高速公路(忻城段)');
    expect(q.stream).toContain('200000万元');
    const p = await h.ask('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调', {
      chatId: GROUP,
    });
    const no = /#(\d+)/.exec(p.stream)?.[1];
    expect(no).toBeDefined();
    expect(await ProblemModel.countDocuments({ no: Number(no), sourceMsgId: p.pushed.msgid })).toBe(1);
  });

  it('a voice message is handled like typed text and the answer says what was heard', async () => {
    const r = await h.ask('wuting', '进度 高中迁建 本月完成投资600万元', { voice: true });
    expect(r.pushed.chatType).toBe('single');
    expect(r.stream.split('\n')[0]).toBe('（语音识别：进度 高中迁建 本月完成投资600万元）');
    expect(r.stream).toContain('600万元');
    const stored = await InboundMessageModel.findOne({ _id: r.pushed.msgid }).lean();
    expect(stored).toMatchObject({ kind: 'voice', fromVoice: true });
  });

  it('a site photo after a report is opened with its key and kept as evidence', async () => {
    await h.ask('yangfan', '进度 福六水库 本月完成投资320万元');
    const photo = Buffer.concat([PNG, randomBytes(2048)]);
    const p = h.gateway.pushImage({ userId: 'yangfan', image: photo });
    await until(() => h.seen(p).stream, 15_000, 'answer to the photo');
    expect(h.seen(p).stream).toContain('已附图片');
    const kept = await h.bot.services.evidence.file(createHash('sha256').update(photo).digest('hex'));
    expect(kept?.data.equals(photo)).toBe(true);
    expect(kept?.mime).toBe('image/png');
  });

  it('choosing a project in a single chat: buttons; a press continues the dialog and marks the card', async () => {
    const ask = h.gateway.pushText({ userId: 'zhangwei', text: '进度 高速 本月完成投资100万元' });
    const card = await until(
      () => h.gateway.cards().find((c) => c.conversation === 'zhangwei' && c.at >= ask.at),
      15_000,
      'choice card',
    );
    expect(card.via).toBe('reply');
    const buttons = card.card.button_list as Array<{ key: string; text: string }>;
    expect(buttons.map((b) => b.key)).toEqual(['1', '2']);
    expect(JSON.stringify(card.card)).toContain('贺巴高速公路(忻城段)');
    const chosen = buttons.find((b) => b.text.includes('贺巴'))!;

    const press = h.gateway.pressButton({ userId: 'zhangwei', taskId: card.taskId, key: chosen.key });
    await until(() => h.seen(press).sends.length > 0, 15_000, 'answer to the press');
    const answer = h.seen(press).sends[0]!;
    expect(answer.content).toContain('已记录');
    expect(answer.content).toContain('100万元');
    expect((await currentReports('XC-2021-005', '2021-08'))[0]).toMatchObject({ monthAmount: 1_000_000 });
    await until(() => card.updates.length > 0, 5_000, 'card marked');
    expect(card.updates[0]!.sub_title_text).toContain('已选择');

    // The question is closed: a second press says so, and stores nothing.
    const late = h.gateway.pressButton({ userId: 'zhangwei', taskId: card.taskId, key: chosen.key });
    await until(() => h.seen(late).sends.length > 0, 15_000, 'answer to the late press');
    expect(h.seen(late).sends[0]!.content).toContain('已失效');
    expect(await currentReports('XC-2021-005', '2021-08')).toHaveLength(1);
  });

  it('in a group, where WeCom refuses cards, the same choice comes as text and a typed number continues', async () => {
    const ask = await h.ask('zhangwei', '进度 高速 本月完成投资150万元', { chatId: GROUP });
    expect(ask.stream).toContain('1. ');
    expect(ask.stream).toContain('武宣至忻城高速公路');
    const order = ask.stream.includes('1. 武宣') ? '1' : '2';
    const done = await h.ask('zhangwei', order, { chatId: GROUP });
    expect(done.stream).toContain('武宣至忻城高速公路');
    expect(done.stream).toContain('150万元');
  });

  it('通报 with its chart: markdown on the frame, then the chart uploaded and posted', async () => {
    const uploads = h.gateway.uploads().length;
    const r = await h.ask('liqiang', '通报 7月', { chatId: GROUP, expect: 'send' });
    expect(r.stream).toContain('2021年7月');
    expect(r.stream).toContain('通报');
    const image = r.sends.find((s) => s.msgtype === 'image');
    expect(image).toBeDefined();
    const up = h.gateway.uploads().slice(uploads);
    expect(up).toHaveLength(1);
    expect(up[0]).toMatchObject({ type: 'image', mediaId: image!.mediaId });
    expect(up[0]!.data!.subarray(0, 8).equals(PNG)).toBe(true);
  });

  it('导出 台账: the workbook is uploaded in chunks and posted as a file', async () => {
    const uploads = h.gateway.uploads().length;
    const r = await h.ask('huangmin', '导出 台账', { chatId: GROUP, expect: 'send' });
    const up = h.gateway.uploads().slice(uploads);
    expect(up).toHaveLength(1);
    expect(up[0]!.type).toBe('file');
    expect(up[0]!.filename).toMatch(/\.xlsx$/);
    expect(r.sends.find((s) => s.msgtype === 'file')?.mediaId).toBe(up[0]!.mediaId);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(up[0]!.data as unknown as ArrayBuffer);
    const cells = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
    expect(cells.some((c) => c.includes('贺巴高速公路(忻城段)'))).toBe(true);
  });

  it('a long answer: the first part on the frame, the rest to the chat in order, each within 20480 bytes', async () => {
    await ProblemModel.insertMany(
      Array.from({ length: 150 }, (_, i) => ({
        no: 2000 + i,
        projectCode: 'XC-2021-006',
        category: '其他',
        description: `第${i + 1}项：施工便道与村道交叉处需要协调交通管制和安全防护措施，请尽快组织现场会商`,
        tier: 1,
        unitName: '县交通运输局',
        deadline: '2021-08-01',
        raisedBy: 'zhangwei',
      })),
    );
    const r = await h.ask('liqiang', '查 问题 逾期', { chatId: GROUP, expect: 'send' });
    const parts = [r.stream, ...r.sends.map((s) => s.content ?? '')];
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(bytes(p)).toBeLessThanOrEqual(20_480);
    const all = parts.join('\n');
    const first = all.indexOf('#2000');
    const last = all.indexOf('#2149');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first);
  });

  it('opening the single chat gets a welcome reply', async () => {
    const p = h.gateway.pushEnterChat({ userId: 'liuna' });
    const welcome = await until(
      () => h.gateway.sends('liuna').find((s) => s.at >= p.at && s.msgtype === 'text'),
      10_000,
      'welcome',
    );
    expect(welcome.content).toContain('刘娜');
    expect(welcome.content).toContain('帮助');
  });

  it('stops cleanly: the connection is closed and its lease released, so a restart connects at once', async () => {
    const subs = h.gateway.subscriptions(BOT_ID).length;
    await h.stopBot();
    expect(h.gateway.openConnections(BOT_ID)).toBe(0);
    const redis = new Redis(h.svc.redisUrl);
    try {
      expect(await redis.exists(`${h.svc.prefix}aibot:lease:${BOT_ID}`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    const stoppedAt = Date.now();
    await h.restartBot();
    await until(() => h.bot.longConnection?.connection.state.current === 'connected', 5_000, 'reconnected');
    // Well within the 3 s lease the stopped instance would otherwise have left behind.
    expect(Date.now() - stoppedAt).toBeLessThan(2_500);
    expect(h.gateway.subscriptions(BOT_ID).length).toBe(subs + 1);
    const r = await h.ask('liqiang', '查 贺巴', { chatId: GROUP });
    expect(r.stream).toContain('贺巴高速公路(忻城段)');
  });

  it('/readyz and /metrics show the connection', async () => {
    const ready = (await (await fetch(`${h.base}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      ok: true,
      longConnection: { status: 'connected', holder: true, pending: 0 },
    });
    // The callbacks are configured too, so the connection does not decide readiness.
    expect(ready).not.toHaveProperty('longConnectionReady');
    const metrics = await (await fetch(`${h.base}/metrics`)).text();
    expect(metrics).toMatch(/xmdd_aibot_ws_state\{state="connected"\} 1/);
    expect(metrics).toMatch(/xmdd_aibot_ws_holder 1/);
    expect(metrics).toMatch(/xmdd_aibot_ws_events_total\{event="framesReceived"\} [1-9]/);
    expect(metrics).toMatch(/xmdd_messages_in_total\{channel="aibot-ws"\} [1-9]/);
    expect(metrics).toMatch(/xmdd_answers_total\{mode="long-connection"\} [1-9]/);
  });
});
