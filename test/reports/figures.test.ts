/**
 * The per-project figures document every reply, card and summary reads (src/data/figures.ts): the
 * current report of each month, derived from the reports. It follows each report, its replacement
 * and withdrawal; stays right when reports of one project arrive at once, in one process or two; is
 * built once for a store that had reports before it; and is rebuilt from the reports after a writer
 * stopped between its two writes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { FIGURES_BUILT_ID, ProjectFiguresModel } from '../../models/project-figures.model.ts';
import { unpackMonths } from '../../src/data/figures-pack.ts';
import { createData, type Data } from '../../src/data/index.ts';
import { FULIU, HEBA, only, type ReportBot, SILK, startReportBot, XINQU } from './harness.ts';

let bot: ReportBot;
let data: Data;

beforeAll(async () => {
  ({ bot } = await startReportBot());
  data = createData({ libraryCheckEveryMs: 0 });
});

/**
 * What the figures must say, worked out from the reports alone: per month the newest report not
 * withdrawn; 本年累计 as stated, else the sum of that year's months up to it.
 */
async function truth(code: string): Promise<Array<[string, number, number]>> {
  const rs = await ProgressReportModel.find({ projectCode: code, state: { $ne: 'withdrawn' } }).lean();
  const newest = new Map<string, (typeof rs)[number]>();
  for (const r of rs) {
    const seen = newest.get(r.month);
    if (
      !seen ||
      r.reportedAt > seen.reportedAt ||
      (+r.reportedAt === +seen.reportedAt && String(r._id) > String(seen._id))
    )
      newest.set(r.month, r);
  }
  const months = [...newest.values()].sort((a, b) => a.month.localeCompare(b.month));
  return months.map((r) => {
    const sum = months
      .filter((m) => m.year === r.year && m.month <= r.month)
      .reduce((n, m) => n + m.monthAmount, 0);
    return [r.month, r.monthAmount, r.ytdGiven ? r.ytdAmount : sum];
  });
}
const shown = async (d: Data, code: string) =>
  (await d.figures.ofProject(code)).map((r) => [r.month, r.monthAmount, r.ytdAmount]);

describe('project figures', () => {
  it('are built once from a store whose reports came before them (older formats included)', async () => {
    // A store written by an earlier version: reports marked current / superseded, no figures.
    await ProgressReportModel.insertMany([
      {
        projectCode: SILK,
        month: '2021-05',
        year: 2021,
        monthAmount: 2_000_000,
        ytdAmount: 2_000_000,
        reporterId: 'lin',
        reportedAt: new Date('2021-05-20T02:00:00Z'),
        state: 'current',
      },
      {
        projectCode: SILK,
        month: '2021-06',
        year: 2021,
        monthAmount: 9_000_000,
        ytdAmount: 9_000_000,
        reporterId: 'lin',
        reportedAt: new Date('2021-06-22T02:00:00Z'),
        state: 'superseded',
      },
      {
        projectCode: SILK,
        month: '2021-06',
        year: 2021,
        monthAmount: 3_000_000,
        ytdAmount: 3_000_000,
        reporterId: 'lin',
        reportedAt: new Date('2021-06-20T02:00:00Z'),
        state: 'current',
      },
    ]);
    await ProjectFiguresModel.collection.insertOne({
      _id: FULIU as never,
      current: { '2021-01': '{}' },
      pending: ['1:x'],
    });
    expect(await ProjectFiguresModel.findById(FIGURES_BUILT_ID).lean()).toBeNull();
    expect(await shown(data, SILK)).toEqual([
      ['2021-05', 2_000_000, 2_000_000],
      ['2021-06', 3_000_000, 5_000_000],
    ]);
    expect(await ProjectFiguresModel.findById(FIGURES_BUILT_ID).lean()).toMatchObject({ format: 2 });
    // The old-format document of a project without reports is gone, not read as figures.
    expect(await ProjectFiguresModel.findById(FULIU).lean()).toBeNull();
    const reply = only(await bot.say('lin', '进度 茧丝绸产业园 本月完成投资500万元'));
    expect(reply).toContain('本年累计1000万元');
  });

  it('follow a report, its replacement and its withdrawal', async () => {
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资800万 形象进度：桩基完成'));
    only(await bot.say('lin', '汇报 三江口新区 8月完成投资1200万'));
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资900万'));
    expect(await shown(data, XINQU)).toEqual([
      ['2021-07', 9_000_000, 9_000_000],
      ['2021-08', 12_000_000, 21_000_000],
    ]);
    expect(await shown(data, XINQU)).toEqual(await truth(XINQU));
    const stored = await ProjectFiguresModel.findById(XINQU).lean();
    expect(typeof stored?.d).toBe('string');

    only(await bot.say('lin', '撤销'));
    expect(await shown(data, XINQU)).toEqual([
      ['2021-07', 8_000_000, 8_000_000],
      ['2021-08', 12_000_000, 20_000_000],
    ]);
    expect(await shown(data, XINQU)).toEqual(await truth(XINQU));
    // The summaries read the same figures.
    const all = (await data.figures.all()).filter((r) => r.projectCode === XINQU);
    expect(all.map((r) => [r.month, r.monthAmount, r.ytdAmount])).toEqual(await truth(XINQU));
  });

  it('keep every month when reports of one project arrive at once', async () => {
    await Promise.all(
      ['3月', '4月', '5月', '6月'].map((m, i) =>
        bot.say('zhangwei', `进度 贺巴 ${m}完成投资${(i + 1) * 100}万元`),
      ),
    );
    expect((await shown(data, HEBA)).map((r) => r[0])).toEqual(['2021-03', '2021-04', '2021-05', '2021-06']);
    expect(await shown(data, HEBA)).toEqual(await truth(HEBA));
  });

  it('keep every month when two processes write one project at once, and settle a month on its newest report', async () => {
    const a = createData({ libraryCheckEveryMs: 0 });
    const b = createData({ libraryCheckEveryMs: 0 });
    const code = 'XC-TWO-001';
    const at = (i: number) => new Date(Date.UTC(2022, 0, 1, 0, 0, i));
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 ? a : b).figures.submit({
          projectCode: code,
          // Twelve months, each reported twice: the later report of a month must win.
          month: `2022-${String((i % 12) + 1).padStart(2, '0')}`,
          monthAmount: (i + 1) * 10_000,
          reporterId: 'lin',
          at: at(i),
        }),
      ),
    );
    const rows = await shown(createData(), code);
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 12 }, (_, m) => (m + 13) * 10_000));
    expect(rows).toEqual(await truth(code));
  });

  it('record what a report really replaced when another process wrote the project since this one looked', async () => {
    const a = createData({ libraryCheckEveryMs: 0 });
    const b = createData({ libraryCheckEveryMs: 0 });
    const code = 'XC-TWO-002';
    const report = (d: Data, month: string, wan: number, s: number) =>
      d.figures.submit({
        projectCode: code,
        month,
        monthAmount: wan * 10_000,
        reporterId: 'lin',
        at: new Date(Date.UTC(2022, 3, 1, 0, 0, s)),
      });
    const first = await report(a, '2022-03', 100, 1);
    // The other process writes February and replaces March; this one has not seen either.
    await report(b, '2022-02', 50, 2);
    const second = await report(b, '2022-03', 200, 3);
    const third = await report(a, '2022-03', 300, 4);

    expect(third.report.supersedes).toBe(second.report.id);
    expect(third.report.supersedes).not.toBe(first.report.id);
    expect(third.replaced?.monthAmount).toBe(2_000_000);
    expect(third.report.ytdAmount).toBe(3_500_000);
    const stored = await ProgressReportModel.findById(third.report.id).lean();
    expect(String(stored?.supersedes)).toBe(second.report.id);
    expect(stored?.ytdAmount).toBe(3_500_000);
    expect((stored?.replaced as { monthAmount?: number } | undefined)?.monthAmount).toBe(2_000_000);
    expect(await shown(createData(), code)).toEqual(await truth(code));

    // Withdrawing it goes back to the report it really replaced.
    const back = await a.figures.withdraw(third.report, 'lin', undefined, new Date());
    expect(back?.reportId).toBe(second.report.id);
    expect((await shown(createData(), code)).find((r) => r[0] === '2022-03')?.[1]).toBe(2_000_000);
  });

  it('are rebuilt from the reports after a writer stopped between its two writes', async () => {
    only(await bot.say('zhouqi', '进度 福六水库 7月完成投资300万元'));
    // A crash after the report was stored and before the figures were.
    await ProgressReportModel.create({
      projectCode: FULIU,
      month: '2021-06',
      year: 2021,
      monthAmount: 4_000_000,
      ytdAmount: 4_000_000,
      reporterId: 'zhouqi',
      reportedAt: new Date('2021-06-20T02:00:00Z'),
      sourceMsgId: 'crashed-1',
    });
    expect((await shown(data, FULIU)).map((r) => r[0])).toEqual(['2021-07']);
    await data.figures.repair(FULIU);
    expect(await shown(data, FULIU)).toEqual([
      ['2021-06', 4_000_000, 4_000_000],
      ['2021-07', 3_000_000, 7_000_000],
    ]);
    expect(await shown(data, FULIU)).toEqual(await truth(FULIU));
  });

  it('refuse text that is not their packed form', () => {
    expect(unpackMonths('not json')).toBeNull();
    expect(unpackMonths(JSON.stringify({ v: 99, m: {} }))).toBeNull();
    expect(unpackMonths(JSON.stringify({ v: 2, m: { '2021-07': [1] } }))).toBeNull();
    expect(unpackMonths('')).toBeNull();
  });
});
