/**
 * The dispatch loops closed, through the encrypted callback on the demo county (today: Monday
 * 2021-08-16) and the job runner: 审批 / 批复 / 查 审批 and their reminders, every problem and 督办事项
 * on a timer (the reply's 办结时限, the escalation's new deadline, the deadlines filled in at start-up
 * for problems stored without one), 资金 and the project card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { FundsReportModel } from '../../models/funds-report.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { createLogger } from '../../src/logger.ts';
import { loadJobContent } from '../../src/schedule/content.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import type { JobName } from '../../src/schedule/types.ts';
import { DEMO_WORKBOOK, type E2E, startE2E } from './harness.ts';

const HEBA = 'XC-2021-005';
const WUXIN = 'XC-2021-006';
const SILK = 'XC-2021-001';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
  await loadJobContent();
});
afterAll(async () => {
  await h?.close();
});

/** Runs a job as the scheduler would on `date`, and returns what it posted. */
async function job(name: JobName, date: string): Promise<string> {
  const posted: Reply[] = [];
  const deps = buildJobDeps({
    config: h.runtime.config,
    log: createLogger('silent'),
    clock: h.clock,
    redis: h.runtime.redis,
    data: h.runtime.data,
    post: async (_target, reply) => {
      posted.push(reply);
      return 1;
    },
  });
  const r = await runJobOnce(jobRegistry.get(name)!, date, deps, { check: 'none', force: true });
  expect(r.status, `${name} ${date}`).toBe('done');
  return posted.map((p) => (p.type === 'text' || p.type === 'markdown' ? p.content : '')).join('\n');
}

const approvalsOf = async (code: string) =>
  Object.fromEntries(
    ((await ProjectModel.findOne({ code }).lean())?.approvals ?? []).map((a) => [a.name, a]),
  );
const numberIn = (text: string) => Number(/#(\d+)/.exec(text)?.[1] ?? Number.NaN);

describe('审批 / 批复 / 查 审批', () => {
  it('查 审批 lists pending items with the overdue ones first and their days overdue', async () => {
    const r = await h.say('stranger', '查 审批');
    const lines = r.text.split('\n');
    // 武忻高速 环评批复 was due on 2021-08-15.
    expect(lines[0]).toMatch(/^未批复的审批事项共\d+项，其中逾期1项（截至2021年8月16日）：$/);
    expect(lines[1]).toBe('1. 【逾期】武宣至忻城高速公路 环评批复（2021年8月15日前，逾期1天）');
    expect(lines[2]).toBe('2. 忻城县中学迁建工程 施工许可（2021年8月20日前，还有4天）');
    const overdue = await h.say('stranger', '查 审批 逾期');
    expect(overdue.text.split('\n').slice(1, -1)).toEqual([
      '1. 【逾期】武宣至忻城高速公路 环评批复（2021年8月15日前，逾期1天）',
    ]);
  });

  it('批复 records the day, says how many days before or after the deadline, and stops the reminders', async () => {
    const late = await h.say('zhangwei', '批复 武忻 环评批复');
    expect(late.text).toBe(
      '已记录批复：武宣至忻城高速公路 环评批复，2021年8月16日取得。\n办理时限2021年8月15日，逾期1天。该事项不再提醒。',
    );
    const early = await h.say('chenjun', '批复 贺巴 用地报批 8月10日');
    expect(early.text).toContain('2021年8月10日取得');
    expect(early.text).toContain('办理时限2021年9月30日，提前51天');
    expect((await approvalsOf(WUXIN)).环评批复).toMatchObject({
      deadline: '2021-08-15',
      doneAt: '2021-08-16',
    });
    expect((await approvalsOf(HEBA)).用地报批).toMatchObject({
      deadline: '2021-09-30',
      doneAt: '2021-08-10',
    });
    // Who, when and from which message.
    const audit = await AuditLogModel.findOne({ sourceMsgId: early.result.msgId }).lean();
    expect(audit).toMatchObject({
      entity: 'Project',
      entityId: HEBA,
      action: 'approval:done',
      actor: 'chenjun',
      before: { name: '用地报批', deadline: '2021-09-30' },
      after: { name: '用地报批', deadline: '2021-09-30', doneAt: '2021-08-10' },
    });

    // On 2021-09-28 both 用地报批 fall due within three days: only 武忻's (not done) is reminded.
    const reminders = await job('reminders', '2021-09-28');
    expect(reminders).toContain('武宣至忻城高速公路 用地报批：2021年9月30日前（还有2天）');
    expect(reminders).not.toContain('贺巴高速公路(忻城段) 用地报批');
    expect(reminders).not.toContain('环评批复：2021年8月15日');

    const again = await h.say('zhangwei', '批复 武忻 环评批复');
    expect(again.text).toBe('武宣至忻城高速公路 环评批复已于2021年8月16日批复，无需重复办理。');
    const future = await h.say('zhangwei', '批复 武忻 用地报批 9月20日');
    expect(future.text).toContain('晚于今天');
    expect((await approvalsOf(WUXIN)).用地报批?.doneAt).toBeUndefined();
  });

  it('审批 adds an item or moves its deadline; an unknown 批复 lists the project’s items', async () => {
    const added = await h.say('zhangwei', '审批 贺巴 水土保持方案批复 9月10日前');
    expect(added.text).toContain(
      '已登记审批事项：贺巴高速公路(忻城段) 水土保持方案批复，办理时限2021年9月10日。',
    );
    const moved = await h.say('zhangwei', '审批 武忻 用地报批 10月20日前');
    expect(moved.text).toContain('由2021年9月30日调整为2021年10月20日');
    expect((await approvalsOf(HEBA)).水土保持方案批复).toMatchObject({ deadline: '2021-09-10' });
    expect((await approvalsOf(WUXIN)).用地报批).toMatchObject({ deadline: '2021-10-20' });
    // 审批 by part of the name: "水保" is not part of any name, "水土保持" is.
    const byPart = await h.say('zhangwei', '审批 贺巴 水土保持 9月12日前');
    expect(byPart.text).toContain('水土保持方案批复，由2021年9月10日调整为2021年9月12日');

    const unknown = await h.say('zhangwei', '批复 贺巴 施工图审查');
    expect(unknown.text).toContain('贺巴高速公路(忻城段)没有名为“施工图审查”的审批事项，未作记录。');
    expect(unknown.text).toContain('林地使用许可（2021年10月31日前，还有76天）');
    expect(unknown.text).toContain('用地报批（已于2021年8月10日批复）');
  });

  it('only the project’s contact, commander, county leader or the 重大办 may', async () => {
    const r = await h.say('sunli', '批复 贺巴 林地使用许可');
    expect(r.text).toContain('抱歉，您没有权限登记贺巴高速公路(忻城段)的审批批复');
    expect(r.text).toContain('该项目的项目联系人、指挥长、联系县领导，或县重大办');
    const stranger = await h.say('stranger', '审批 贺巴 林地使用许可 12月1日前');
    expect(stranger.text).toContain('没有权限');
    expect((await approvalsOf(HEBA)).林地使用许可).toMatchObject({ deadline: '2021-10-31' });
    expect((await approvalsOf(HEBA)).林地使用许可?.doneAt).toBeUndefined();
    const office = await h.say('huangmin', '批复 贺巴 林地使用许可');
    expect(office.text).toContain('提前76天');
  });

  it('an import of the unchanged workbook reopens nothing and undoes no moved deadline', async () => {
    const r = await importWorkbook(h.runtime.data, DEMO_WORKBOOK, { actor: 'e2e' });
    expect(r.errors).toEqual([]);
    expect((await approvalsOf(WUXIN)).环评批复).toMatchObject({ doneAt: '2021-08-16' });
    expect((await approvalsOf(WUXIN)).用地报批).toMatchObject({ deadline: '2021-10-20' });
    expect((await approvalsOf(HEBA)).水土保持方案批复).toMatchObject({ deadline: '2021-09-12' });
    const list = await h.say('stranger', '查 审批 逾期');
    expect(list.text).toBe('目前没有逾期的审批事项（截至2021年8月16日）。');
  });
});

describe('every problem and 督办事项 on a timer', () => {
  it('问题 without a deadline gets its category’s working days and the reply says 办结时限', async () => {
    // 审批: 10 working days from Monday 16 August.
    const r = await h.say('zhangwei', '问题 贺巴 审批：施工许可材料不全');
    expect(r.text).toContain('办结时限：8月30日');
    const no = numberIn(r.text);
    const p = await ProblemModel.findOne({ no }).lean();
    expect(p).toMatchObject({ deadline: '2021-08-30', sourceMsgId: r.result.msgId });
    expect(p?.deadlineSetAt).toBeInstanceOf(Date);
    // 建设环境: 5 working days.
    const env = await h.say('zhangwei', '问题 武忻 建设环境：施工便道被阻');
    expect(env.text).toContain('办结时限：8月23日');
    // A 督办事项 without a deadline: 其他, 10 working days.
    const task = await h.say('huangmin', '派单 县自然资源局 贺巴 用地报批材料报市局');
    expect(task.text).toContain('办理时限：2021年8月30日前');
    expect(await ProblemModel.findOne({ no: numberIn(task.text) }).lean()).toMatchObject({
      kind: 'task',
      deadline: '2021-08-30',
    });
  });

  it('升级 gives the new tier 5 working days and the audit entry holds tier and deadline before and after', async () => {
    const raised = await h.say('zhangwei', '问题 贺巴 用地：临时用地未批');
    const no = numberIn(raised.text);
    expect(raised.text).toContain('办结时限：9月6日');
    const up = await h.say('chenjun', `升级 #${no} 涉及多个部门`);
    expect(up.text).toContain('新的办结时限：8月23日');
    expect(await ProblemModel.findOne({ no }).lean()).toMatchObject({ tier: 2, deadline: '2021-08-23' });
    const audit = await AuditLogModel.findOne({ sourceMsgId: up.result.msgId }).lean();
    expect(audit).toMatchObject({
      entity: 'Problem',
      entityId: String(no),
      action: 'escalate',
      actor: 'chenjun',
      via: 'chat',
      fields: ['tier', 'deadline'],
      before: { tier: 1, deadline: '2021-09-06' },
      after: { tier: 2, deadline: '2021-08-23' },
    });
  });

  it('a problem stored without a deadline gets one at start-up, counted from when it was raised; it is reminded first, then escalated once', async () => {
    // As a store from before this version holds it: raised on 1 July, no deadline.
    const created = await ProblemModel.create({
      no: 9001,
      kind: 'problem',
      projectCode: WUXIN,
      category: '建设环境',
      description: '夜间施工噪音投诉',
      tier: 1,
      unitName: '县住建局',
      raisedBy: 'zhangwei',
      history: [{ at: new Date('2021-07-01T02:00:00Z'), by: 'zhangwei', action: 'raise' }],
    });
    await ProblemModel.collection.updateOne(
      { _id: created._id },
      { $set: { createdAt: new Date('2021-07-01T02:00:00Z') } },
    );
    await h.stopBot();
    await h.restartBot();
    const p = await ProblemModel.findOne({ no: 9001 }).lean();
    // 建设环境 5 working days from Thursday 1 July: 2, 5, 6, 7, 8 July.
    expect(p).toMatchObject({ deadline: '2021-07-08', tier: 1 });
    expect(p!.history.at(-1)).toMatchObject({ by: 'system', action: 'deadline', to: '2021-07-08' });

    expect(await job('reminders', '2021-08-16')).toMatch(/#9001 .*夜间施工噪音投诉.*逾期39天/);
    // Not escalated on the day its deadline was set, nor within ESCALATE_AFTER_DAYS (2) working days.
    expect(await job('escalations', '2021-08-16')).not.toContain('#9001');
    expect(await job('escalations', '2021-08-18')).not.toContain('#9001');
    const third = await job('escalations', '2021-08-19');
    expect(third).toContain(
      '#9001 武宣至忻城高速公路 夜间施工噪音投诉：一级（项目业主与联系单位） → 二级（联系县领导）',
    );
    // The new tier's deadline: 5 working days from the 19th.
    expect(third).toContain('新办结时限8月26日');
    expect(await job('escalations', '2021-08-19')).not.toContain('#9001');
    const after = await ProblemModel.findOne({ no: 9001 }).lean();
    expect(after).toMatchObject({ tier: 2, deadline: '2021-08-26' });
    expect(after!.history.filter((x) => x.action === 'escalate')).toHaveLength(1);
  });
});

describe('资金', () => {
  it('stores the month’s funds and 专项债; the reply gives the month, the year to date and since the start', async () => {
    const r = await h.say('liuna', '资金 茧丝绸 本月到位3000万元，其中专项债2000万元');
    expect(r.text).toBe(
      [
        '已记录：三江口(忻城)茧丝绸产业园 2021年8月资金到位3000万元，其中专项债2000万元。',
        '2021年累计到位3000万元，其中专项债2000万元；自开工以来累计到位93000万元（含项目库登记的90000万元）。',
        '协议投资150000万元，资金到位率62.0%。',
      ].join('\n'),
    );
    const stored = await FundsReportModel.findOne({ sourceMsgId: r.result.msgId }).lean();
    expect(stored).toMatchObject({
      projectCode: SILK,
      month: '2021-08',
      amount: 30_000_000,
      bondAmount: 20_000_000,
      reporterId: 'liuna',
    });
  });

  it('a second report of the month replaces the first, which stays in history; 大写 amounts read like the others', async () => {
    const first = await FundsReportModel.findOne({ projectCode: SILK, month: '2021-08' }).lean();
    const r = await h.say('liuyang', '资金 茧丝绸产业园 本月到位叁仟伍佰万元');
    expect(r.text).toContain('2021年8月资金到位3500万元。');
    expect(r.text).toContain('自开工以来累计到位93500万元');
    expect(r.text).toContain('此前报送的2021年8月资金到位3000万元已被替换，原记录保留。');
    const second = await FundsReportModel.findOne({ sourceMsgId: r.result.msgId }).lean();
    expect(String(second?.supersedes)).toBe(String(first?._id));
    expect(second?.replaced).toMatchObject({ amount: 30_000_000, bondAmount: 20_000_000 });

    const july = await h.say('liuna', '资金 茧丝绸 7月到位资金壹仟贰佰万元');
    expect(july.text).toContain('2021年7月资金到位1200万元');
    expect(july.text).toContain('2021年累计到位1200万元；自开工以来累计到位91200万元');

    const card = await h.say('liqiang', '查 茧丝绸');
    expect(card.text).toContain(
      '资金到位：2021年8月到位3500万元；本年累计4700万元，自开工以来累计94700万元，协议投资150000万元，到位率63.1%',
    );
  });

  it('撤销 withdraws the sender’s last funds report; others may not report for the project', async () => {
    const undo = await h.say('liuna', '撤销');
    expect(undo.text).toContain('已撤销您报送的三江口(忻城)茧丝绸产业园 2021年7月资金到位1200万元');
    const card = await h.say('liqiang', '查 茧丝绸');
    expect(card.text).toContain('本年累计3500万元，自开工以来累计93500万元');
    const refused = await h.say('zhangwei', '资金 茧丝绸 本月到位100万元');
    expect(refused.text).toContain('没有权限');
    expect(await FundsReportModel.countDocuments({ reporterId: 'zhangwei' })).toBe(0);
  });

  it('a message naming the project and funds 到位 is funds, not investment', async () => {
    const r = await h.say('yangfan', '福六水库 本月资金到位500万元');
    expect(r.text).toContain('广西来宾市忻城县福六水库工程 2021年8月资金到位500万元');
    expect(await ProgressReportModel.countDocuments({ projectCode: 'XC-2021-011' })).toBe(0);
  });
});

describe('大写 amounts in a progress report', () => {
  it('壹仟贰佰万元 and 叁亿元 are stored as 1200万元 and 3亿元', async () => {
    const r = await h.say(
      'zhangwei',
      '进度 贺巴 本月完成投资壹仟贰佰万元，累计完成叁亿元，形象进度：路基完成60%',
    );
    expect(r.text).toContain('1200万元');
    expect(r.text).toContain('30000万元');
    expect(await ProgressReportModel.findOne({ sourceMsgId: r.result.msgId }).lean()).toMatchObject({
      projectCode: HEBA,
      month: '2021-08',
      monthAmount: 12_000_000,
      ytdAmount: 300_000_000,
      ytdGiven: true,
    });
  });
});

describe('the project card', () => {
  it('shows 总投资, planned dates, approvals, 五明确, funds and open problems with deadlines', async () => {
    const r = await h.say('liqiang', '查 贺巴');
    const lines = r.text.split('\n');
    expect(lines).toContain('总投资：850000万元；计划开工：2020年12月；计划竣工：2024年6月');
    expect(lines).toContain('审批事项3项：已批复2项，未批复1项');
    expect(lines).toContain('- 水土保持方案批复（2021年9月12日前，还有27天）');
    expect(lines).toContain('- 林地使用许可（已于2021年8月16日批复）');
    expect(lines).toContain('五明确：齐全');
    expect(lines).toContain('资金到位：尚未报送');
    expect(r.text).toMatch(/#\d+ 审批：施工许可材料不全（1级，县交通运输局，2021年8月30日前）/);
    const bare = await h.say('liqiang', '查 三江口产业园');
    expect(bare.text).toContain('审批事项：未登记');
    expect(bare.text).toContain('五明确：缺重要审批环节办理时限');
  });
});
