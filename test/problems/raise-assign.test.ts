import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { FULIU, HEBA, only, seedLibrary, startProblemBot } from './harness.ts';

let bot: Awaited<ReturnType<typeof startProblemBot>>;

beforeAll(async () => {
  bot = await startProblemBot();
  await seedLibrary();
});

describe('问题: raising a problem', () => {
  it('numbers it, names category, tier and the unit asked for, and @-mentions the unit head and commander', async () => {
    const r = only(
      await bot.say('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调', {
        msgId: 'msg-raise-heba',
      }),
    );
    const no = Number(/#(\d+)/.exec(r.content)?.[1]);
    expect(no).toBeGreaterThan(0);
    expect(r.content).toContain('贺巴高速公路(忻城段)');
    expect(r.content).toContain('征地拆迁');
    expect(r.content).toContain('一级（项目业主与联系单位）');
    expect(r.content).toContain('县自然资源局');
    expect(r.content).toContain('王芳');
    expect(r.mentions.sort()).toEqual(['wangfang', 'zhaogang']);

    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored).toMatchObject({
      kind: 'problem',
      projectCode: HEBA,
      category: '征地拆迁',
      tier: 1,
      unitName: '县自然资源局',
      status: 'open',
      raisedBy: 'zhangwei',
    });
    expect(stored?.description).toContain('那湾村3户未签约');
    expect(stored?.sourceMsgId).toBe('msg-raise-heba');
    expect(stored?.history).toHaveLength(1);
    expect(stored?.history[0]).toMatchObject({
      action: 'raise',
      by: 'zhangwei',
      sourceMsgId: 'msg-raise-heba',
    });
    const audit = await AuditLogModel.findOne({ entity: 'Problem', entityId: String(no) }).lean();
    expect(audit).toMatchObject({
      action: 'create',
      actor: 'zhangwei',
      via: 'chat',
      sourceMsgId: 'msg-raise-heba',
    });
  });

  it("falls back to the project's 牵头单位 when no unit is named", async () => {
    const r = only(await bot.say('zhouqi', '问题 福六水库 资金：中央预算内资金未到位'));
    const no = Number(/#(\d+)/.exec(r.content)?.[1]);
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored).toMatchObject({ projectCode: FULIU, category: '资金', unitName: '县水利局' });
    expect(r.mentions.sort()).toEqual(['huangmin', 'sunli']);
  });

  it('refuses a contact of another project, says who may, and stores nothing', async () => {
    const before = await ProblemModel.countDocuments();
    const r = only(await bot.say('zhouqi', '问题 贺巴 用地：取土场用地未批'));
    expect(r.content).toContain('没有权限');
    expect(r.content).toContain('项目联系人');
    expect(r.content).toContain('县重大办');
    expect(await ProblemModel.countDocuments()).toBe(before);
  });

  it('gives 20 concurrent problems 20 distinct numbers', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => bot.say('office1', `问题 贺巴 其他：并发测试第${i + 1}项`)),
    );
    const nos = replies.map((rs) => Number(/#(\d+)/.exec(only(rs).content)?.[1]));
    expect(nos.every((n) => n > 0)).toBe(true);
    expect(new Set(nos).size).toBe(20);
    const stored = await ProblemModel.find({ description: /并发测试/ }).lean();
    expect(new Set(stored.map((p) => p.no)).size).toBe(20);
  });
});

describe('交办 and 派单', () => {
  it('交办 sets unit and deadline, states both and @-mentions the head', async () => {
    const raised = only(await bot.say('zhangwei', '问题 贺巴 用地：弃土场选址未定'));
    const no = Number(/#(\d+)/.exec(raised.content)?.[1]);
    const r = only(await bot.say('liqiang', `交办 #${no} 县自然资源局 8月20日前`));
    expect(r.content).toContain(`#${no}`);
    expect(r.content).toContain('县自然资源局');
    expect(r.content).toContain('2021年8月20日');
    expect(r.mentions).toContain('wangfang');
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored).toMatchObject({ unitName: '县自然资源局', deadline: '2021-08-20' });
    expect(stored?.history.at(-1)).toMatchObject({
      action: 'assign',
      by: 'liqiang',
      // Raised on Thursday 5 August without a deadline: 用地 has 15 working days, to the 26th.
      from: { unitName: '县交通运输局', deadline: '2021-08-26' },
      to: { unitName: '县自然资源局', deadline: '2021-08-20' },
    });
    const audit = await AuditLogModel.findOne({ entityId: String(no), action: 'update' }).lean();
    expect(audit).toMatchObject({ actor: 'liqiang', before: { unitName: '县交通运输局' } });

    // A new deadline for the same unit records only the deadline's change.
    const again = only(await bot.say('office1', `交办 #${no} 自然资源局 8月31日前`));
    expect(again.content).toContain('2021年8月31日');
    const after = await ProblemModel.findOne({ no }).lean();
    expect(after?.history.at(-1)).toMatchObject({
      from: { deadline: '2021-08-20' },
      to: { deadline: '2021-08-31' },
    });
    expect(after?.history.at(-1)?.to).not.toHaveProperty('unitName');
  });

  it('交办 by a project contact is refused and changes nothing', async () => {
    const raised = only(await bot.say('zhangwei', '问题 贺巴 审批：林地审批慢'));
    const no = Number(/#(\d+)/.exec(raised.content)?.[1]);
    const r = only(await bot.say('zhangwei', `交办 #${no} 县自然资源局 9月1日前`));
    expect(r.content).toContain('没有权限');
    expect(r.content).toContain('指挥长');
    const stored = await ProblemModel.findOne({ no }).lean();
    // The default of 审批 (10 working days from 5 August) stands.
    expect(stored?.deadline).toBe('2021-08-19');
    expect(stored?.history).toHaveLength(1);
  });

  it('派单 creates a numbered 督办事项 for the unit, project and deadline', async () => {
    const r = only(await bot.say('office1', '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局'));
    const no = Number(/#(\d+)/.exec(r.content)?.[1]);
    expect(r.content).toContain('督办事项');
    expect(r.content).toContain('县自然资源局');
    expect(r.content).toContain('2021年8月20日');
    expect(r.mentions).toContain('wangfang');
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored).toMatchObject({
      kind: 'task',
      projectCode: HEBA,
      unitName: '县自然资源局',
      deadline: '2021-08-20',
      status: 'open',
      raisedBy: 'office1',
    });
    expect(stored?.description).toContain('用地报批材料');
  });

  it('派单 by a project contact is refused', async () => {
    const before = await ProblemModel.countDocuments({ kind: 'task' });
    const r = only(await bot.say('zhangwei', '派单 县自然资源局 贺巴 补充勘界材料9月1日前'));
    expect(r.content).toContain('没有权限');
    expect(await ProblemModel.countDocuments({ kind: 'task' })).toBe(before);
  });
});
