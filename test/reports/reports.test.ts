import { beforeAll, describe, expect, it } from 'vitest';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { createData } from '../../src/data/index.ts';
import { HEBA, only, type ReportBot, SILK, startReportBot, XINQU } from './harness.ts';

let bot: ReportBot;
/** Reads the store as any process of the bot would (the reports are their own audit record). */
const data = createData({ libraryCheckEveryMs: 0 });
const monthOf = async (code: string, month: string) =>
  (await data.figures.history(code)).filter((r) => r.month === month);
const reportAudit = async (msgId: string) =>
  (await data.audit.trail(msgId)).find((e) => e.entity === 'ProgressReport');

beforeAll(async () => {
  ({ bot } = await startReportBot());
});

describe('进度 report', () => {
  it('stores the figures with their source and answers with 万元, 本年累计 and the share of the plan', async () => {
    const reply = only(
      await bot.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%'),
    );
    const msgId = bot.lastMsgId();
    expect(reply).toContain(
      '已记录：贺巴高速公路(忻城段) 2021年8月 完成投资1200万元，本年累计32000万元，占年度计划64.0%。',
    );
    expect(reply).toContain('形象进度：路基完成60%');

    const stored = await ProgressReportModel.find({ projectCode: HEBA }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      month: '2021-08',
      year: 2021,
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      ytdGiven: true,
      progressText: '路基完成60%',
      reporterId: 'zhangwei',
      sourceMsgId: msgId,
    });
    expect((await monthOf(HEBA, '2021-08')).map((r) => r.state)).toEqual(['current']);
    expect(stored[0]!.sinceStartAmount).toBeUndefined();
    const audit = await reportAudit(msgId);
    expect(audit).toMatchObject({
      entityId: `${HEBA}:2021-08`,
      action: 'create',
      actor: 'zhangwei',
      sourceMsgId: msgId,
      before: null,
    });
    expect((audit!.after as { monthAmount: number }).monthAmount).toBe(12_000_000);
  });

  it('computes 本年累计 from the months reported when the message gives none', async () => {
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资800万'));
    const reply = only(await bot.say('lin', '汇报 三江口新区 8月完成投资1200万'));
    expect(reply).toContain('2021年8月 完成投资1200万元，本年累计2000万元，占年度计划6.7%');
    const aug = await ProgressReportModel.findOne({ projectCode: XINQU, month: '2021-08' }).lean();
    expect(aug).toMatchObject({ ytdAmount: 20_000_000, ytdGiven: false });
  });

  it('keeps 开工累计 as its own figure, not as the year-to-date', async () => {
    const reply = only(await bot.say('lin', '进度 茧丝绸产业园 本月完成投资500万元，开工累计完成2亿元'));
    expect(reply).toContain('本年累计500万元');
    expect(reply).toContain('开工累计完成投资20000万元');
    const r = await ProgressReportModel.findOne({ projectCode: SILK }).lean();
    expect(r).toMatchObject({ monthAmount: 5_000_000, ytdAmount: 5_000_000, sinceStartAmount: 200_000_000 });
  });

  it('replaces the earlier report of the same month and keeps it in history', async () => {
    const first = (await monthOf(HEBA, '2021-08')).find((r) => r.state === 'current');
    const reply = only(await bot.say('zhangwei', '进度 贺巴高速 本月完成投资1500万元，累计完成3.23亿元'));
    expect(reply).toContain('完成投资1500万元，本年累计32300万元，占年度计划64.6%');
    expect(reply).toContain('已替换此前报送的2021年8月数据（完成投资1200万元');
    const all = await monthOf(HEBA, '2021-08');
    expect(all).toHaveLength(2);
    const current = all.find((r) => r.state === 'current')!;
    expect(current.monthAmount).toBe(15_000_000);
    expect(current.supersedes).toBe(first!.id);
    expect(all.find((r) => r.state === 'superseded')!.monthAmount).toBe(12_000_000);
    const audit = await reportAudit(bot.lastMsgId());
    expect(audit?.action).toBe('supersede');
    expect((audit!.before as { monthAmount: number }).monthAmount).toBe(12_000_000);
  });

  it('refuses a contact reporting on a project that is not theirs and stores nothing', async () => {
    const before = await ProgressReportModel.countDocuments();
    const reply = only(await bot.say('zhouqi', '进度 贺巴 本月完成投资100万元'));
    expect(reply).toContain('没有权限');
    expect(reply).toContain('该项目的项目联系人、指挥长、联系县领导，或县重大办');
    expect(await ProgressReportModel.countDocuments()).toBe(before);
  });

  it('撤销 withdraws the last report and restores the one it replaced', async () => {
    const reply = only(await bot.say('zhangwei', '撤销'));
    expect(reply).toContain('已撤销');
    expect(reply).toContain('完成投资1500万元');
    expect(reply).toContain('已恢复此前报送的数据：完成投资1200万元');
    const all = await monthOf(HEBA, '2021-08');
    expect(all.find((r) => r.monthAmount === 15_000_000)!.state).toBe('withdrawn');
    expect(all.find((r) => r.monthAmount === 12_000_000)!.state).toBe('current');
    expect(await reportAudit(bot.lastMsgId())).toMatchObject({ action: 'withdraw', actor: 'zhangwei' });
  });
});

describe('dialogs', () => {
  it('asks for a missing amount and a restarted bot completes the report from the answer', async () => {
    const ask = only(await bot.say('zhangwei', '进度 贺巴 7月 形象进度：桥梁完成30%'));
    expect(ask).toContain('请补充本月完成投资金额（如：1200万元）');
    expect(await ProgressReportModel.countDocuments({ projectCode: HEBA, month: '2021-07' })).toBe(0);

    const restarted = bot.restart();
    const done = only(await restarted.say('zhangwei', '1200万'));
    expect(done).toContain('已记录：贺巴高速公路(忻城段) 2021年7月 完成投资1200万元');
    const r = await ProgressReportModel.findOne({ projectCode: HEBA, month: '2021-07' }).lean();
    expect(r).toMatchObject({ monthAmount: 12_000_000, progressText: '桥梁完成30%', reporterId: 'zhangwei' });
  });

  it('offers a numbered choice for an ambiguous project and the answer "1" completes the report', async () => {
    const ask = only(await bot.say('lin', '进度 三江口 本月完成投资300万'));
    expect(ask).toContain('您要报送的是哪个项目？');
    const first = /1\. (.+)/.exec(ask)![1]!.trim();
    expect(['三江口(忻城)茧丝绸产业园', '三江口新区产业园']).toContain(first);
    const done = only(await bot.say('lin', '1'));
    expect(done).toContain(`已记录：${first} 2021年8月 完成投资300万元`);
  });

  it('names the closest projects when none matches', async () => {
    const reply = only(await bot.say('lin', '进度 幸福大道 本月完成投资300万'));
    expect(reply).toContain('项目库中没有找到“幸福大道”。相近的项目有：广西来宾市忻城县福六水库工程');
  });
});

describe('computed 本年累计 follows corrections', () => {
  it('a corrected earlier month carries into a later month whose 累计 was computed', async () => {
    // 三江口新区: July 800万 and a computed August were reported above (August possibly corrected).
    // The figures every card and summary reads; 查 shows the same.
    const current = async () => (await data.figures.ofProject(XINQU)).find((r) => r.month === '2021-08')!;
    const before = await current();
    expect(before.ytdAmount).toBe(8_000_000 + before.monthAmount);
    const reply = only(await bot.say('lin', '汇报 三江口新区 7月完成投资900万'));
    expect(reply).toContain('本年累计900万元');
    expect((await current()).ytdAmount).toBe(9_000_000 + before.monthAmount);
    expect(only(await bot.say('lin', '查 三江口新区'))).toContain(
      `本年累计：${(9_000_000 + before.monthAmount) / 10_000}万元`,
    );

    only(await bot.say('lin', '撤销'));
    expect((await current()).ytdAmount).toBe(before.ytdAmount);
  });
});
