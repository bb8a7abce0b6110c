/**
 * Permissions, the short dialogs (which project? how much?) including across a restart of the bot,
 * WeCom's retries of one MsgId, and the add_to_chat / delete_from_chat events — all through the
 * encrypted callback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { randomMsgId } from '../fake-wecom/callback-client.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { type E2E, MAIN_KEY, settle, startE2E, until } from './harness.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
});
afterAll(async () => {
  await h?.close();
});

const reports = (projectCode: string) => ProgressReportModel.find({ projectCode }).lean();

describe('permissions', () => {
  it("a contact reporting on someone else's project is refused, told who may, and nothing is stored", async () => {
    const r = await h.say('liuna', '进度 贺巴 本月完成投资100万元');
    expect(r.text).toMatch(/没有权限|无权/);
    expect(r.text).toContain('项目联系人');
    expect(r.text).toMatch(/指挥长|联系县领导|重大办/);
    expect(await reports('XC-2021-005')).toHaveLength(0);
  });

  it('a stranger may query but not report', async () => {
    const q = await h.say('stranger', '查 贺巴');
    expect(q.text).toContain('贺巴高速公路(忻城段)');
    expect(q.text).toContain('200000万元');
    const r = await h.say('stranger', '进度 贺巴 本月完成投资100万元');
    expect(r.text).toMatch(/没有权限|无权/);
    expect(r.text).toMatch(/项目联系人|重大办/);
    expect(await reports('XC-2021-005')).toHaveLength(0);
  });
});

describe('dialogs', () => {
  it('an ambiguous project name gets a short list; answering "1" completes the report', async () => {
    const ask = await h.say('zhangwei', '进度 高速 本月完成投资100万元');
    expect(ask.text).toContain('1. ');
    expect(ask.text).toContain('贺巴高速公路(忻城段)');
    expect(ask.text).toContain('武宣至忻城高速公路');
    expect(await reports('XC-2021-005')).toHaveLength(0);
    const chosen = ask.text.indexOf('贺巴') < ask.text.indexOf('武宣') ? 'XC-2021-005' : 'XC-2021-006';
    const done = await h.say('zhangwei', '1');
    expect(done.text).toContain('已记录');
    expect(done.text).toContain('100万元');
    expect(await currentReports(chosen)).toMatchObject([{ monthAmount: 1_000_000 }]);
  });

  it('a report without the amount asks for it, and "1200万" completes it after a restart', async () => {
    const ask = await h.say('zhangwei', '进度 武忻高速 形象进度：桥梁桩基完成50%');
    expect(ask.text).toContain('请补充本月完成投资金额');
    expect(await reports('XC-2021-006')).toHaveLength(0);

    await h.stopBot();
    await h.restartBot();

    const done = await h.say('zhangwei', '1200万');
    expect(done.text).toContain('武宣至忻城高速公路');
    expect(done.text).toContain('1200万元');
    const stored = await reports('XC-2021-006');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ monthAmount: 12_000_000, month: '2021-08', reporterId: 'zhangwei' });
    expect(stored[0]!.progressText).toContain('桥梁桩基完成50%');
  });
});

describe('WeCom retries', () => {
  it('the same MsgId delivered 3 times stores one report and answers with one effect', async () => {
    const msgId = randomMsgId();
    const before = h.api.sent(MAIN_KEY).length;
    const first = await h.say('yangfan', '进度 福六水库 本月完成投资300万元', { msgId });
    expect(first.text).toContain('300万元');
    const retry1 = await h.client.retry(first.result);
    const retry2 = await h.client.retry(first.result);
    for (const r of [retry1, retry2]) {
      expect(r.status).toBe(200);
      // Either the same answer again (WeCom shows one of them) or an empty acknowledgement.
      if (r.reply) expect(r.reply.content).toBe(first.result.reply?.content);
    }
    await h.bot.pipeline.drain();
    await settle(() => h.api.sent(MAIN_KEY).length);
    expect(await reports('XC-2021-011')).toHaveLength(1);
    expect(await InboundMessageModel.countDocuments({ msgId })).toBe(1);
    // A sync answer leaves nothing to push; a pushed one is pushed once.
    expect(h.api.sent(MAIN_KEY).length - before).toBe(first.result.reply ? 0 : first.pushed.length);
  });
});

describe('group events', () => {
  it('add_to_chat welcomes the group and learns its chat id and key; delete_from_chat deactivates it', async () => {
    h.api.addKey('new-group-key');
    const added = await h.client.sendEvent({
      eventType: 'add_to_chat',
      chatId: 'wrNewGroup',
      webhookKey: 'new-group-key',
      userId: 'huangmin',
    });
    expect(added.status).toBe(200);
    const welcome =
      added.reply?.content ??
      (await until(() => h.api.sent('new-group-key')[0]?.content, 10_000, 'welcome via webhook'));
    expect(welcome).toContain('项目调度助手');
    expect(welcome).toMatch(/帮助|例如/);
    expect(await GroupModel.findOne({ chatId: 'wrNewGroup' }).lean()).toMatchObject({
      webhookKey: 'new-group-key',
      active: true,
    });

    const removed = await h.client.sendEvent({
      eventType: 'delete_from_chat',
      chatId: 'wrNewGroup',
      webhookKey: 'new-group-key',
    });
    expect(removed.status).toBe(200);
    await until(
      async () => (await GroupModel.findOne({ chatId: 'wrNewGroup' }).lean())?.active === false,
      5_000,
      'group inactive',
    );
  });

  it('a group imported from the workbook meets its chat id on add_to_chat', async () => {
    await h.client.sendEvent({ eventType: 'add_to_chat', chatId: 'wrLeaders', webhookKey: 'demo-key-3' });
    expect(await GroupModel.findOne({ name: '县领导调度群' }).lean()).toMatchObject({
      chatId: 'wrLeaders',
      webhookKey: 'demo-key-3',
      active: true,
    });
  });
});
