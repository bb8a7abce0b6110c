/**
 * The packed form of a project's figures (models/project-figures.model.ts, field `d`): the current
 * report of each month. Pure: no I/O.
 *
 * Format 2: {"v":2,"m":{"YYYY-MM":[reportId, month amount, stated 本年累计|null, 开工累计|null,
 * 形象进度 %|null, 形象进度 text, reporter, reported at (epoch ms)]}}.
 */

import type { MonthFigures } from '../domain/figures.ts';

export type { FigureRow, MonthFigures } from '../domain/figures.ts';

export const PACK_FORMAT = 2;
type Entry = [string, number, number | null, number | null, number | null, string, string, number];

export function packMonths(months: Iterable<MonthFigures>): string {
  const m: Record<string, Entry> = {};
  for (const f of [...months].sort((a, b) => a.month.localeCompare(b.month)))
    m[f.month] = [
      f.reportId,
      f.monthAmount,
      f.ytdStated,
      f.sinceStartAmount,
      f.progressPct,
      f.progressText,
      f.reporterId,
      f.reportedAt.getTime(),
    ];
  return JSON.stringify({ v: PACK_FORMAT, m });
}

/** The months of a packed string, by month; null when it is not one this code can read. */
export function unpackMonths(d: string | null | undefined): Map<string, MonthFigures> | null {
  if (!d) return null;
  let parsed: { v?: number; m?: Record<string, Entry> };
  try {
    parsed = JSON.parse(d);
  } catch {
    return null;
  }
  if (parsed.v !== PACK_FORMAT || !parsed.m || typeof parsed.m !== 'object') return null;
  const out = new Map<string, MonthFigures>();
  for (const [month, e] of Object.entries(parsed.m)) {
    if (!Array.isArray(e) || e.length < 8) return null;
    out.set(month, {
      reportId: e[0],
      month,
      monthAmount: e[1],
      ytdStated: e[2],
      sinceStartAmount: e[3],
      progressPct: e[4],
      progressText: e[5],
      reporterId: e[6],
      reportedAt: new Date(e[7]),
    });
  }
  return out;
}

/**
 * Which of two reports of one month is current: the later one (reported later; the id breaks a tie),
 * so two writers applying them in either order agree.
 */
export function newer(a: MonthFigures, b: MonthFigures): MonthFigures {
  const t = a.reportedAt.getTime() - b.reportedAt.getTime();
  if (t !== 0) return t > 0 ? a : b;
  return a.reportId >= b.reportId ? a : b;
}
