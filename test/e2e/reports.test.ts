/**
 * 进度 / 汇报, 开工 / 竣工 / 投产 and 撤销 through the encrypted callback, on the demo county
 * (clock: Monday 2021-08-16 10:00 in Asia/Shanghai). Each test uses its own projects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { StatusEventModel } from '../../models/status-event.model.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { type E2E, startE2E } from './harness.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
});
afterAll(async () => {
  await h?.close();
});

const current = currentReports;

describe('进度 / 汇报', () => {
  it('@ prefix, 累计 as 本年累计: reply names project, month, amounts in 万元 and share of plan', async () => {
    const r = await h.say(
      'zhangwei',
      '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    );
    expect(r.text).toContain('贺巴高速公路(忻城段)');
    expect(r.text).toContain('2021年8月');
    expect(r.text).toContain('1200万元');
    expect(r.text).toContain('32000万元');
    // 32000 ÷ 200000 (年度计划投资)
    expect(r.text).toContain('16.0%');
    const [doc, ...rest] = await current('XC-2021-005', '2021-08');
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      ytdGiven: true,
      reporterId: 'zhangwei',
      sourceMsgId: r.result.msgId,
    });
    expect(doc?.progressText).toContain('路基完成60%');
  });

  it('# prefix, synonym 汇报, named month; without 累计 the year-to-date is the sum of the months', async () => {
    const july = await h.say('zhangwei', '#汇报 武忻高速 7月完成投资800万 形象进度45%');
    expect(july.text).toContain('武宣至忻城高速公路');
    expect(july.text).toContain('2021年7月');
    expect(july.text).toContain('800万元');
    const aug = await h.say('zhangwei', '/进度：武忻高速，本月完成投资一千二百万元，形象进度50%');
    expect(aug.text).toContain('2021年8月');
    expect(aug.text).toContain('1200万元');
    // 800 + 1200 = 2000万元 of 120000万元
    expect(aug.text).toContain('2000万元');
    expect(aug.text).toContain('1.7%');
    const [doc] = await current('XC-2021-006', '2021-08');
    expect(doc).toMatchObject({ monthAmount: 12_000_000, ytdAmount: 20_000_000, ytdGiven: false });
  });

  it('full-width punctuation and no spaces, 亿 amounts', async () => {
    const r = await h.say('liuna', '＃进度茧丝绸产业园本月完成投资0.15亿元，累计完成2亿元');
    expect(r.text).toContain('三江口(忻城)茧丝绸产业园');
    expect(r.text).toContain('1500万元');
    expect(r.text).toContain('20000万元');
    expect(await current('XC-2021-001', '2021-08')).toMatchObject([
      { monthAmount: 15_000_000, ytdAmount: 200_000_000 },
    ]);
  });

  it('开工累计 is stored as its own figure, not as the year-to-date', async () => {
    const r = await h.say('yangfan', '进度 福六水库 本月完成投资500万元，开工累计完成2亿元');
    expect(r.text).toContain('广西来宾市忻城县福六水库工程');
    expect(r.text).toContain('500万元');
    const [doc] = await current('XC-2021-011', '2021-08');
    expect(doc).toMatchObject({ monthAmount: 5_000_000, sinceStartAmount: 200_000_000, ytdGiven: false });
    expect(doc?.ytdAmount).toBe(5_000_000);
  });

  it('a second report for the same month replaces the first, which stays in history', async () => {
    const first = await h.say('sunli', '进度 高中迁建 本月完成投资600万元，累计完成5000万元');
    expect(first.text).toContain('忻城县高级中学迁建工程');
    const second = await h.say('sunli', '进度 高中迁建 本月完成投资700万元，累计完成5100万元');
    expect(second.text).toContain('700万元');
    expect(second.text).toContain('5100万元');
    expect(second.text).toContain('替换');
    const all = await ProgressReportModel.find({ projectCode: 'XC-2021-028', month: '2021-08' })
      .sort({ reportedAt: 1, _id: 1 })
      .lean();
    expect(all).toHaveLength(2);
    const cur = await current('XC-2021-028', '2021-08');
    expect(cur).toHaveLength(1);
    expect(cur[0]).toMatchObject({ monthAmount: 7_000_000, ytdAmount: 51_000_000 });
    const old = all.find((d) => String(d._id) !== String(cur[0]!._id));
    expect(old).toMatchObject({ monthAmount: 6_000_000 });
    expect(String(cur[0]!.supersedes)).toBe(String(old!._id));

    const history = await h.say('liqiang', '查 历史 高中迁建');
    expect(history.text).toContain('700万元');
    expect(history.text).toContain('600万元');
  });
});

describe('开工 / 竣工 / 投产', () => {
  it('records the events and the daily summary counts the one dated today', async () => {
    const start = await h.say('yangfan', '开工 福六水库 2021-08-01');
    expect(start.text).toContain('福六水库');
    expect(start.text).toContain('开工');
    const done = await h.say('sunli', '#竣工：公益性公墓 8月10日');
    expect(done.text).toContain('忻城县公益性公墓建设项目');
    expect(done.text).toContain('竣工');
    const prod = await h.say('yangfan', '投产中节能风电');
    expect(prod.text).toContain('忻城中节能风力发电项目');
    expect(prod.text).toContain('投产');

    const events = await StatusEventModel.find({ state: 'current' }).sort({ projectCode: 1 }).lean();
    expect(events.map((e) => [e.projectCode, e.kind, e.date])).toEqual([
      ['XC-2021-009', '投产', '2021-08-16'],
      ['XC-2021-011', '开工', '2021-08-01'],
      ['XC-2021-032', '竣工', '2021-08-10'],
    ]);

    const daily = await h.say('liqiang', '日报');
    expect(daily.text).toContain('日调度 2021年8月16日');
    expect(daily.text).toContain('中节能');
    expect(daily.text).not.toContain('今日无新开工、竣工或投产项目');
  });
});

describe('撤销', () => {
  it("withdraws the sender's last report; it stays in history and leaves the month unreported", async () => {
    await h.say('liuna', '进度 三江口产业园 本月完成投资300万元');
    expect(await current('XC-2021-003')).toHaveLength(1);
    const r = await h.say('liuna', '撤销');
    expect(r.text).toContain('已撤销');
    expect(r.text).toContain('三江口新区产业园');
    expect(await current('XC-2021-003')).toHaveLength(0);
    expect(
      await ProgressReportModel.find({ projectCode: 'XC-2021-003', state: 'withdrawn' }).lean(),
    ).toHaveLength(1);
    const unreported = await h.say('liqiang', '查 未报送');
    expect(unreported.text).toContain('三江口新区产业园');
  });
});
