/**
 * 问题 → 交办 → 升级 → 办结, 派单 (督办事项), 查 问题 逾期 and 协调会 议程 through the encrypted
 * callback on the demo county (today: 2021-08-16). Problem numbers are read from the replies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { type E2E, MAIN_KEY, startE2E, until } from './harness.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
});
afterAll(async () => {
  await h?.close();
});

const numberIn = (text: string) => {
  const m = /#(\d+)/.exec(text);
  if (!m) throw new Error(`no problem number in: ${text}`);
  return Number(m[1]);
};
const problem = (no: number) => ProblemModel.findOne({ no }).lean();

describe('问题', () => {
  it('creates a numbered problem with category, tier 1 and the responsible unit from the text', async () => {
    const r = await h.say('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调');
    const no = numberIn(r.text);
    expect(r.text).toContain('贺巴高速公路(忻城段)');
    expect(r.text).toContain('征地拆迁');
    expect(r.text).toContain('县自然资源局');
    expect(await problem(no)).toMatchObject({
      kind: 'problem',
      projectCode: 'XC-2021-005',
      category: '征地拆迁',
      tier: 1,
      unitName: '县自然资源局',
      status: 'open',
      raisedBy: 'zhangwei',
      sourceMsgId: r.result.msgId,
    });
  });

  it('# prefix with full-width colon, and no spaces at all', async () => {
    const a = await h.say('zhangwei', '#问题：武忻高速 用地 林地报批尚未批复');
    expect(await problem(numberIn(a.text))).toMatchObject({ projectCode: 'XC-2021-006', category: '用地' });
    const b = await h.say('yangfan', '问题福六水库资金缺口2000万元需县财政局协调');
    expect(await problem(numberIn(b.text))).toMatchObject({ projectCode: 'XC-2021-011', category: '资金' });
  });
});

describe('交办 / 派单 / 升级 / 办结', () => {
  it('交办 sets unit and deadline, states both and @-mentions the unit head in the sync reply', async () => {
    const raised = await h.say('zhangwei', '问题 贺巴 审批：施工许可材料不全');
    const no = numberIn(raised.text);
    const r = await h.say('chenjun', `交办 #${no} 县自然资源局 8月20日前`);
    expect(r.result.reply, 'answered in the callback response').toBeDefined();
    expect(r.text).toContain(`#${no}`);
    expect(r.text).toContain('县自然资源局');
    expect(r.text).toContain('2021年8月20日');
    // wangfang heads 县自然资源局 in the demo workbook.
    expect(r.result.reply?.mentions).toContain('wangfang');
    expect(r.result.reply?.plaintext).toMatch(/<MentionedList>[\s\S]*wangfang/);
    expect(await problem(no)).toMatchObject({ unitName: '县自然资源局', deadline: '2021-08-20' });

    // Full-width ＃, unit by 简称, relative deadline.
    const again = await h.say('chenjun', `交办＃${no} 交通运输局 月底前`);
    expect(again.text).toContain('县交通运输局');
    expect(again.mentions).toContain('maqiang');
    expect(await problem(no)).toMatchObject({ unitName: '县交通运输局', deadline: '2021-08-31' });
  });

  it('派单 creates a numbered 督办事项 for the unit, project and deadline', async () => {
    const r = await h.say('huangmin', '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局');
    const no = numberIn(r.text);
    expect(r.text).toContain('督办事项');
    expect(r.text).toContain('县自然资源局');
    expect(r.text).toContain('2021年8月20日');
    expect(r.mentions).toContain('wangfang');
    expect(await problem(no)).toMatchObject({
      kind: 'task',
      projectCode: 'XC-2021-005',
      unitName: '县自然资源局',
      deadline: '2021-08-20',
      status: 'open',
    });
  });

  it('升级 moves one tier up and notifies that tier; a 3rd-tier problem is on the 协调会 agenda', async () => {
    const raised = await h.say('zhangwei', '问题 武忻高速 要素保障：砂石料供应不足');
    const no = numberIn(raised.text);
    const up = await h.say('chenjun', `升级 #${no} 涉及多个部门`);
    expect(up.text).toContain('二级');
    // The 联系县领导 of 武忻高速 is liqiang.
    expect(up.mentions).toContain('liqiang');
    expect(await problem(no)).toMatchObject({ tier: 2 });
    // The notice goes to the project's other 提醒 groups (交通项目专班群 follows 武忻高速), but the group
    // the 升级 came from already has it as the reply: it is not posted there a second time.
    const isNotice = (c?: string) => Boolean(c?.includes(`#${no}`) && c.includes('二级'));
    await until(() => h.api.sent('demo-key-2').some((m) => isNotice(m.content)), 10_000);
    expect(h.api.sent(MAIN_KEY).filter((m) => isNotice(m.content))).toHaveLength(0);

    const up3 = await h.say('huangmin', `#升级 #${no} 需县协调领导小组研究`);
    expect(up3.text).toContain('三级');
    expect(await problem(no)).toMatchObject({ tier: 3 });

    const agenda = await h.say('huangmin', '协调会 议程');
    expect(agenda.text).toContain(`#${no}`);
    expect(agenda.text).toContain('砂石料供应不足');
  });

  it('办结 closes the problem with the note', async () => {
    const raised = await h.say('zhangwei', '问题 贺巴 建设环境：施工道路被阻');
    const no = numberIn(raised.text);
    const r = await h.say('chenjun', `办结 #${no} 已完成协调`);
    expect(r.text).toContain(`#${no}`);
    expect(r.text).toContain('办结');
    expect(await problem(no)).toMatchObject({ status: 'resolved', resolutionNote: '已完成协调' });
    const card = await h.say('liqiang', `查 #${no}`);
    expect(card.text).toContain('已完成协调');
  });

  it('a 项目联系人 may not assign: the reply says who may, and nothing changes', async () => {
    const raised = await h.say('zhangwei', '问题 贺巴 其他：临时用电未接入');
    const no = numberIn(raised.text);
    const r = await h.say('zhangwei', `交办 #${no} 县住建局 8月30日前`);
    expect(r.text).toMatch(/指挥长|联系县领导|重大办/);
    const doc = await problem(no);
    expect(doc?.unitName).not.toBe('县住建局');
    // The default of 其他 (10 working days from Monday 16 August) stands.
    expect(doc?.deadline).toBe('2021-08-30');
  });
});

describe('查 问题 逾期', () => {
  it('lists open problems past their deadline, and only those', async () => {
    const late = numberIn((await h.say('yangfan', '问题 福六水库 用地：移民安置点选址未定')).text);
    const onTime = numberIn((await h.say('yangfan', '问题 板寻水库 审批：初设批复未下达')).text);
    // "8月10日前" would read as next year's (a deadline lies ahead); the full date is taken as given.
    await h.say('huangmin', `交办 #${late} 县水利局 2021-08-10`);
    await h.say('huangmin', `交办 #${onTime} 县水利局 9月30日前`);
    const r = await h.say('liqiang', '查 问题 逾期');
    expect(r.text).toContain(`#${late}`);
    expect(r.text).not.toContain(`#${onTime} `);
    expect(r.text).toContain('移民安置点选址未定');
    const full = await h.say('stranger', '/查问题逾期');
    expect(full.text).toContain(`#${late}`);
  });
});

describe('撤销 of a problem', () => {
  it("withdraws the sender's last problem; it is kept, marked withdrawn", async () => {
    const no = numberIn((await h.say('sunli', '问题 殡仪馆 用地：选址未落实')).text);
    const r = await h.say('sunli', '撤销');
    expect(r.text).toContain('撤销');
    expect(r.text).toContain(`#${no}`);
    expect(await problem(no)).toMatchObject({ status: 'withdrawn', description: '选址未落实' });
  });
});
