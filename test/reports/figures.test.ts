/**
 * The per-project figures document the report reply and 查 <项目> read by `_id`: kept in step with
 * the reports, built from the reports when it is missing, and rebuilt after a writer stopped half way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectFiguresModel } from '../../models/project-figures.model.ts';
import { createProjectFigures } from '../../src/services/project-figures.ts';
import { HEBA, only, type ReportBot, SILK, startReportBot, XINQU } from './harness.ts';

let bot: ReportBot;

beforeAll(async () => {
  ({ bot } = await startReportBot());
});

type Month = { _id: unknown; monthAmount: number; ytdAmount: number };
type Figures = { current: Record<string, Month>; pending: string[] };
/** The stored document, each month's report decoded (they are stored as JSON text). */
const figuresOf = async (code: string): Promise<Figures | null> => {
  const doc = (await ProjectFiguresModel.findById(code).lean()) as {
    current: Record<string, string>;
    pending: string[];
  } | null;
  if (!doc) return null;
  const current: Record<string, Month> = {};
  for (const [month, text] of Object.entries(doc.current)) {
    expect(typeof text).toBe('string');
    current[month] = JSON.parse(text) as Month;
  }
  return { current, pending: doc.pending };
};

describe('project figures', () => {
  it('follow a report, its replacement and its withdrawal', async () => {
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资800万'));
    only(await bot.say('lin', '汇报 三江口新区 8月完成投资1200万'));
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资900万'));
    const current = await ProgressReportModel.find({ projectCode: XINQU, state: 'current' }).lean();
    let figures = (await figuresOf(XINQU))!;
    expect(Object.keys(figures.current).sort()).toEqual(['2021-07', '2021-08']);
    for (const r of current) {
      expect(figures.current[r.month]).toMatchObject({ monthAmount: r.monthAmount, ytdAmount: r.ytdAmount });
      expect(String(figures.current[r.month]!._id)).toBe(String(r._id));
    }
    expect(figures.current['2021-08']!.ytdAmount).toBe(21_000_000);
    expect(figures.pending).toEqual([]);

    only(await bot.say('lin', '撤销'));
    figures = (await figuresOf(XINQU))!;
    expect(figures.current['2021-07']!.monthAmount).toBe(8_000_000);
    expect(figures.current['2021-08']!.ytdAmount).toBe(20_000_000);
  });

  it('are built from reports stored without them (an import, data from before this document)', async () => {
    await ProgressReportModel.create({
      projectCode: SILK,
      month: '2021-06',
      year: 2021,
      monthAmount: 3_000_000,
      ytdAmount: 3_000_000,
      reporterId: 'lin',
      reportedAt: new Date('2021-06-20T02:00:00Z'),
    });
    expect(await figuresOf(SILK)).toBeNull();
    const reply = only(await bot.say('lin', '进度 茧丝绸产业园 本月完成投资500万元'));
    expect(reply).toContain('本年累计800万元');
    expect(Object.keys((await figuresOf(SILK))!.current).sort()).toEqual(['2021-06', '2021-08']);
  });

  it('are rebuilt from the reports after a writer stopped between its writes', async () => {
    only(await bot.say('zhangwei', '进度 贺巴 7月完成投资1000万元'));
    // A crash after the report was stored and before the figures were: the report is there, the
    // figures still show nothing for June and carry the dead writer's mark from a minute ago.
    await ProgressReportModel.create({
      projectCode: HEBA,
      month: '2021-06',
      year: 2021,
      monthAmount: 4_000_000,
      ytdAmount: 4_000_000,
      reporterId: 'zhangwei',
      reportedAt: new Date('2021-06-20T02:00:00Z'),
    });
    await ProjectFiguresModel.updateOne(
      { _id: HEBA },
      { $push: { pending: `${Date.now() - 120_000}:dead` } },
    );

    const card = only(await bot.say('zhangwei', '查 贺巴'));
    expect(card).toContain('2021年7月');
    const figures = (await figuresOf(HEBA))!;
    expect(Object.keys(figures.current).sort()).toEqual(['2021-06', '2021-07']);
    expect(figures.pending).toEqual([]);
    const reply = only(await bot.say('zhangwei', '进度 贺巴 8月完成投资600万元'));
    expect(reply).toContain('本年累计2000万元');
  });

  it('are built for many projects at once from one read (the first summary after an import)', async () => {
    const codes = Array.from({ length: 25 }, (_, i) => `XC-T-${String(i).padStart(3, '0')}`);
    await ProgressReportModel.insertMany(
      codes.flatMap((code, i) => [
        {
          projectCode: code,
          month: '2021-07',
          year: 2021,
          monthAmount: i,
          ytdAmount: i,
          reporterId: 'x',
          reportedAt: new Date(),
        },
        {
          projectCode: code,
          month: '2021-08',
          year: 2021,
          monthAmount: 1,
          ytdAmount: i + 1,
          reporterId: 'x',
          reportedAt: new Date(),
          state: 'superseded',
        },
      ]),
    );
    const byCode = await createProjectFigures().currentOfMany(codes);
    expect([...byCode.keys()].sort()).toEqual(codes);
    for (const [i, code] of codes.entries()) {
      expect(byCode.get(code)!.map((r) => [r.month, r.monthAmount])).toEqual([['2021-07', i]]);
      expect(Object.keys((await figuresOf(code))!.current)).toEqual(['2021-07']);
    }
  });
});
