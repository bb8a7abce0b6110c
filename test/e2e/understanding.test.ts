/**
 * Chinese the way staff really write it, through the encrypted callback on the demo county: reports
 * written as notices, with a polite preamble, or as voice transcripts; problem numbers without #;
 * questions and chatter; two projects in one message — and never a guess stored: a name that only
 * sounds like a project or a round figure is confirmed first, and an unknown unit is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { type E2E, startE2E } from './harness.ts';

const HEBA = 'XC-2021-005';
const WUXIN = 'XC-2021-006';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
});
afterAll(async () => {
  await h?.close();
});

const reportsOf = (code: string, month = '2021-08') =>
  ProgressReportModel.find({ projectCode: code, month }).lean();
const numberIn = (text: string) => Number(/#(\d+)/.exec(text)?.[1]);

describe('reports the way they are written', () => {
  it('a notice with a header, fields on their own lines and a signature', async () => {
    const r = await h.say(
      'zhangwei',
      '【进度】贺巴高速\n本月完成投资：1200万元\n累计完成：3.2亿元\n形象进度：路基完成60%\n报送人：张伟',
    );
    expect(r.text).toContain('已记录：贺巴高速公路(忻城段) 2021年8月 完成投资1200万元，本年累计32000万元');
    expect(await currentReports(HEBA, '2021-08')).toMatchObject([
      { monthAmount: 12_000_000, ytdAmount: 320_000_000 },
    ]);
  });

  it('a polite preamble with the command word mid-sentence', async () => {
    const r = await h.say(
      'zhangwei',
      '各位领导好，现将武忻高速本月进度汇报如下：本月完成投资800万元，形象进度：桥梁完成30%。',
    );
    expect(r.text).toContain('已记录：武宣至忻城高速公路');
    expect(r.text).toContain('完成投资800万元');
    expect(await currentReports(WUXIN, '2021-08')).toMatchObject([{ monthAmount: 8_000_000 }]);
  });

  it('a voice transcript with spoken numbers and no punctuation', async () => {
    const r = await h.say('zhangwei', '贺巴高速本月完成投资一千三百万元累计完成三点二一亿元');
    expect(r.text).toContain('完成投资1300万元');
    expect(r.text).toContain('本年累计32100万元');
  });

  it('two projects with their own figures: both are recorded', async () => {
    const r = await h.say('zhangwei', '进度 贺巴高速本月完成投资1400万元，武忻高速本月完成投资900万元');
    expect(r.text).toContain('贺巴高速公路(忻城段) 2021年8月 完成投资1400万元');
    expect(r.text).toContain('武宣至忻城高速公路 2021年8月 完成投资900万元');
    expect((await currentReports(HEBA, '2021-08'))[0]?.monthAmount).toBe(14_000_000);
    expect((await currentReports(WUXIN, '2021-08'))[0]?.monthAmount).toBe(9_000_000);
  });
});

describe('never a guess stored', () => {
  it('a name that only sounds like a project is confirmed first; "是" stores it', async () => {
    const before = (await reportsOf(HEBA, '2021-07')).length;
    const ask = await h.say('zhangwei', '进度 和巴高速 7月完成投资500万元');
    expect(ask.text).toContain('请确认');
    expect(ask.text).toContain('贺巴高速公路(忻城段)');
    expect(ask.text).toContain('确认前不作记录');
    expect(await reportsOf(HEBA, '2021-07')).toHaveLength(before);
    const yes = await h.say('zhangwei', '是');
    expect(yes.text).toContain('已记录：贺巴高速公路(忻城段) 2021年7月 完成投资500万元');
    expect(await reportsOf(HEBA, '2021-07')).toHaveLength(before + 1);
  });

  it('a round figure is confirmed first; "否" stores nothing', async () => {
    const before = (await reportsOf(WUXIN, '2021-07')).length;
    const ask = await h.say('zhangwei', '进度 武忻高速 7月完成投资600多万元');
    expect(ask.text).toContain('请确认');
    expect(ask.text).toContain('600万元');
    const no = await h.say('zhangwei', '否');
    expect(no.text).toContain('未作记录');
    expect(await reportsOf(WUXIN, '2021-07')).toHaveLength(before);
  });

  it('交办 to a unit that does not exist is refused, the problem unchanged, the nearest units named', async () => {
    const raised = await h.say('zhangwei', '问题 贺巴 审批：施工许可材料不全');
    const no = numberIn(raised.text);
    const before = await ProblemModel.findOne({ no }).lean();
    const r = await h.say('chenjun', `交办 #${no} 县自然资源和规划局局 8月20日前`);
    expect(r.text).toMatch(/没有|未作记录/);
    const after = await ProblemModel.findOne({ no }).lean();
    expect(after?.unitName).toBe(before?.unitName);
    expect(after?.deadline).toBe(before?.deadline);
  });
});

describe('numbers, questions and chatter', () => {
  it('a problem number written as 7号问题 or ＃7 is that problem', async () => {
    const raised = await h.say('zhangwei', '问题 武忻高速 用地：取土场用地未批');
    const no = numberIn(raised.text);
    const look = await h.say('liqiang', `${no}号问题`);
    expect(look.text).toContain(`#${no}`);
    expect(look.text).toContain('取土场用地未批');
    const done = await h.say('chenjun', `办结 ＃${no} 已批复`);
    expect(done.text).toContain(`#${no} 已办结`);
    expect(await ProblemModel.findOne({ no }).lean()).toMatchObject({ status: 'resolved' });
  });

  it('a question is read as the query it asks', async () => {
    const r = await h.say('liqiang', '贺巴现在进度怎么样？');
    expect(r.text).toContain('【贺巴高速公路(忻城段)】');
    expect(r.text).toContain('本年累计');
  });

  it('thanks get a short friendly answer, not "没能看懂"', async () => {
    const r = await h.say('zhangwei', '谢谢');
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text).not.toContain('没能看懂');
  });

  it('帮助 shows a notice-style example', async () => {
    const r = await h.say('zhangwei', '帮助');
    expect(r.text).toContain('【进度】');
  });
});
