/**
 * Sample progress reports for the demo county, so the sandbox's first 通报, 月调度 and 查 show
 * figures: June and July 2021 for every project under construction by then, at paces that give
 * green, yellow and red projects. They go through the data layer as chat reports do (so the
 * figures and history are kept the same way), from each project's contact, received on the
 * 22nd of their month. A project that already has a report in 2021 is left alone: restarting the
 * sandbox adds nothing, and what was reported on the page stays.
 */
import { createHash } from 'node:crypto';
import { zonedTime } from '../calendar/dates.ts';
import type { Data } from '../data/index.ts';

const YEAR = 2021;
const MONTHS = ['2021-06', '2021-07'] as const;
/** Share of the annual plan done by the end of July: around 序时进度 (58%), some well behind. */
const PACES = [0.64, 0.56, 0.5, 0.61, 0.42, 0.58, 0.33, 0.66, 0.52, 0.25, 0.6, 0.47];
const UNDER_WAY = new Set(['新开工', '续建', '竣工', '投产']);

function pick<T>(list: readonly T[], seed: string): T {
  return list[createHash('sha1').update(seed).digest()[0]! % list.length]!;
}

/** 万元 rounded to whole 万, in 元. */
const roundWan = (yuan: number) => Math.round(yuan / 10_000) * 10_000;

export async function seedDemoReports(opts: { data: Data; timeZone: string }): Promise<number> {
  const reports = opts.data.figures;
  const projects = (await opts.data.library.projects()).filter((p) => p.sampleData);
  let seeded = 0;
  for (const p of projects) {
    if (!UNDER_WAY.has(p.status) || !p.annualPlan) continue;
    if (p.plannedStart && p.plannedStart.slice(0, 7) > MONTHS[1]) continue;
    if ((await reports.ofProject(p.code)).some((r) => r.year === YEAR)) continue;
    const pace = pick(PACES, p.code);
    // A project that starts this year spreads its progress over the months since its start.
    const startMonth = Math.max(
      1,
      p.plannedStart?.startsWith(String(YEAR)) ? Number(p.plannedStart.slice(5, 7)) : 1,
    );
    const ytdJuly = roundWan(p.annualPlan * pace);
    const monthsRun = Math.max(1, 7 - startMonth + 1);
    const ytdJune = roundWan((ytdJuly * (monthsRun - 1)) / monthsRun);
    const figures = [
      { month: MONTHS[0], ytd: ytdJune, amount: roundWan(ytdJune / Math.max(1, monthsRun - 1)) },
      { month: MONTHS[1], ytd: ytdJuly, amount: ytdJuly - ytdJune },
    ];
    for (const f of figures) {
      if (f.ytd <= 0 && f.month === MONTHS[0]) continue;
      await reports.submit({
        projectCode: p.code,
        month: f.month,
        monthAmount: f.amount,
        ytdAmount: f.ytd,
        progressText: `完成年度计划的${Math.round((f.ytd / p.annualPlan) * 100)}%（示例数据）`,
        reporterId: p.contactIds?.[0] ?? 'sandbox',
        sourceMsgId: `sandbox-demo-${p.code}-${f.month}`,
        at: zonedTime(`${f.month}-22`, '10:00', opts.timeZone),
      });
    }
    seeded++;
  }
  return seeded;
}
