/**
 * The figures digest the summaries read instead of every report: it follows each report, its
 * replacement and withdrawal, is built once for a store that had reports before it, and is read
 * around (then repaired) when a writer stopped half way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURES_DIGEST_STATE_ID, FiguresDigestModel } from '../../models/figures-digest.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import {
  type FigureRow,
  packDigest,
  readAllFigures,
  unpackDigest,
} from '../../src/services/figures-digest.ts';
import { createProjectFigures } from '../../src/services/project-figures.ts';
import { FULIU, HEBA, only, type ReportBot, SILK, startReportBot, XINQU } from './harness.ts';

let bot: ReportBot;

beforeAll(async () => {
  ({ bot } = await startReportBot());
});

/** What the summaries should see: every current report, straight from the reports. */
async function fromReports(code: string) {
  const rs = await ProgressReportModel.find({ projectCode: code, state: 'current' }).lean();
  return rs
    .map((r) => [r.month, r.monthAmount, r.ytdAmount, r.progressText, r.reporterId, r.reportedAt.getTime()])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}
const rowsOf = (rows: FigureRow[], code: string) =>
  rows
    .filter((r) => r.projectCode === code)
    .map((r) => [r.month, r.monthAmount, r.ytdAmount, r.progressText, r.reporterId, r.reportedAt.getTime()]);
const readAll = () => readAllFigures(createProjectFigures());

describe('figures digest', () => {
  it('builds every project once for a store that had reports before it', async () => {
    await ProgressReportModel.create({
      projectCode: SILK,
      month: '2021-05',
      year: 2021,
      monthAmount: 2_000_000,
      ytdAmount: 2_000_000,
      progressText: '场平完成',
      reporterId: 'lin',
      reportedAt: new Date('2021-05-20T02:00:00Z'),
    });
    expect(await FiguresDigestModel.findById(FIGURES_DIGEST_STATE_ID).lean()).toBeNull();
    const rows = await readAll();
    expect(rowsOf(rows, SILK)).toEqual(await fromReports(SILK));
    expect((await FiguresDigestModel.findById(FIGURES_DIGEST_STATE_ID).lean())?.built).toBe(true);
  });

  it('follows a report, its replacement and its withdrawal', async () => {
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资800万 形象进度：桩基完成'));
    only(await bot.say('lin', '汇报 三江口新区 8月完成投资1200万'));
    only(await bot.say('lin', '汇报 三江口新区 7月完成投资900万'));
    expect(rowsOf(await readAll(), XINQU)).toEqual(await fromReports(XINQU));
    expect(rowsOf(await readAll(), XINQU).map((r) => r.slice(0, 3))).toEqual([
      ['2021-07', 9_000_000, 9_000_000],
      ['2021-08', 12_000_000, 21_000_000],
    ]);
    const stored = await FiguresDigestModel.findById(XINQU).lean();
    expect(typeof stored?.d).toBe('string');
    expect(stored?.pending).toEqual([]);

    only(await bot.say('lin', '撤销'));
    expect(rowsOf(await readAll(), XINQU).map((r) => r.slice(0, 3))).toEqual([
      ['2021-07', 8_000_000, 8_000_000],
      ['2021-08', 12_000_000, 20_000_000],
    ]);
  });

  it('agrees with the figures after reports for one project arrive at once', async () => {
    await Promise.all(
      ['5月', '6月', '7月', '8月'].map((m, i) =>
        bot.say('zhangwei', `进度 贺巴 ${m}完成投资${(i + 1) * 100}万元`),
      ),
    );
    const figures = await createProjectFigures().current(HEBA);
    const digest = unpackDigest(HEBA, (await FiguresDigestModel.findById(HEBA).lean())?.d);
    expect(digest?.map((r) => [r.month, r.monthAmount, r.ytdAmount])).toEqual(
      figures.map((r) => [r.month, r.monthAmount, r.ytdAmount]),
    );
    expect(digest?.map((r) => r.month)).toEqual(['2021-05', '2021-06', '2021-07', '2021-08']);
  });

  it('is read around while a writer is at work, and repaired once the writer is gone', async () => {
    only(await bot.say('zhouqi', '进度 福六水库 7月完成投资300万元'));
    const truth = await fromReports(FULIU);
    // A writer in flight (fresh mark) with an out-of-date digest: the summary reads the figures.
    await FiguresDigestModel.updateOne(
      { _id: FULIU },
      { $set: { d: packDigest([]) }, $push: { pending: `${Date.now()}:live` } },
    );
    expect(rowsOf(await readAll(), FULIU)).toEqual(truth);
    // Its mark is the live writer's to remove, not the reader's.
    expect((await FiguresDigestModel.findById(FULIU).lean())?.pending).toHaveLength(1);

    // The writer stopped two minutes ago: read around it and repair the digest.
    await FiguresDigestModel.updateOne(
      { _id: FULIU },
      { $set: { pending: [`${Date.now() - 120_000}:dead`], d: 'not a digest' } },
    );
    expect(rowsOf(await readAll(), FULIU)).toEqual(truth);
    const repaired = await FiguresDigestModel.findById(FULIU).lean();
    expect(repaired?.pending).toEqual([]);
    expect(unpackDigest(FULIU, repaired?.d)?.map((r) => r.monthAmount)).toEqual([3_000_000]);
  });

  it('refuses text that is not a digest', () => {
    expect(unpackDigest('X', 'not json')).toBeNull();
    expect(unpackDigest('X', JSON.stringify({ v: 99, m: {} }))).toBeNull();
    expect(unpackDigest('X', JSON.stringify({ v: 1, m: { '2021-07': [1] } }))).toBeNull();
    expect(unpackDigest('X', '')).toBeNull();
  });
});
