/**
 * The figures rules, pure: a project's 本年累计 (year-to-date) month by month, and the views the
 * summaries take of the current reports. The one place 本年累计 is worked out.
 */

/** One month of a project as its figures document keeps it (the month's current report). */
export interface MonthFigures {
  reportId: string;
  month: string;
  monthAmount: number;
  /** 本年累计 as the message stated it; null when it follows the months. */
  ytdStated: number | null;
  sinceStartAmount: number | null;
  progressPct: number | null;
  progressText: string;
  reporterId: string;
  reportedAt: Date;
}

/** One current report as a summary sees it, with its 本年累计 worked out. */
export interface FigureRow {
  projectCode: string;
  reportId: string;
  month: string;
  year: number;
  monthAmount: number;
  /** 本年累计: as stated, else the sum of this year's months up to this one (design.md). */
  ytdAmount: number;
  ytdGiven: boolean;
  sinceStartAmount?: number;
  progressText: string;
  progressPct?: number;
  reporterId: string;
  reportedAt: Date;
}

/**
 * The rows of one project, oldest month first, each with its 本年累计: as stated, or else the sum of
 * the months reported that year up to and including it (design.md, "Chat commands").
 */
export function rowsOf(projectCode: string, months: Map<string, MonthFigures>): FigureRow[] {
  const rows: FigureRow[] = [];
  let year = 0;
  let sum = 0;
  for (const f of [...months.values()].sort((a, b) => a.month.localeCompare(b.month))) {
    const y = Number(f.month.slice(0, 4));
    if (y !== year) {
      year = y;
      sum = 0;
    }
    sum += f.monthAmount;
    const row: FigureRow = {
      projectCode,
      reportId: f.reportId,
      month: f.month,
      year: y,
      monthAmount: f.monthAmount,
      ytdAmount: f.ytdStated ?? sum,
      ytdGiven: f.ytdStated !== null,
      progressText: f.progressText,
      reporterId: f.reporterId,
      reportedAt: f.reportedAt,
    };
    if (f.sinceStartAmount !== null) row.sinceStartAmount = f.sinceStartAmount;
    if (f.progressPct !== null) row.progressPct = f.progressPct;
    rows.push(row);
  }
  return rows;
}

/** 本年累计 of `month` for a project if a report of `monthAmount` (and `ytdStated`) were added. */
export function ytdWith(
  months: Map<string, MonthFigures>,
  month: string,
  monthAmount: number,
  ytdStated: number | null,
): number {
  if (ytdStated !== null) return ytdStated;
  const year = month.slice(0, 4);
  let sum = monthAmount;
  for (const f of months.values()) if (f.month.startsWith(year) && f.month < month) sum += f.monthAmount;
  return sum;
}

/**
 * 本年累计 of every year from `fromYear` to `month`'s year, per project: a past year counts its last
 * report of the year, the current year its figure as of `month`. `rows` in month order.
 */
export function ytdByYearFrom(
  rows: readonly FigureRow[],
  fromYear: number,
  month: string,
): Map<number, Map<string, number>> {
  const year = Number(month.slice(0, 4));
  const out = new Map<number, Map<string, number>>();
  for (const r of rows) {
    if (r.year < fromYear || r.year > year || r.month > month) continue;
    const y = out.get(r.year) ?? new Map<string, number>();
    y.set(r.projectCode, r.ytdAmount);
    out.set(r.year, y);
  }
  return out;
}

/** A project's figures as of a month. */
export interface ProjectProgress {
  /** The month's own report, when there is one. */
  report?: FigureRow;
  monthAmount: number;
  /**
   * 本年累计 as of the month: the month's report, or else the latest earlier report of the year
   * (a month without a report adds nothing).
   */
  ytd: number;
  /** 形象进度 of the latest report of the year that has one. */
  progressText: string;
  progressPct?: number;
}

/** Each project's figures as of `month`, from current rows oldest first (other years are skipped). */
export function progressFrom(rows: readonly FigureRow[], month: string): Map<string, ProjectProgress> {
  const year = Number(month.slice(0, 4));
  const out = new Map<string, ProjectProgress>();
  for (const r of rows) {
    if (r.year !== year || r.month > month) continue;
    const p = out.get(r.projectCode) ?? { monthAmount: 0, ytd: 0, progressText: '' };
    p.ytd = r.ytdAmount;
    if (r.month === month) {
      p.report = r;
      p.monthAmount = r.monthAmount;
    }
    if (r.progressText) p.progressText = r.progressText;
    if (r.progressPct !== undefined && r.progressPct !== null) p.progressPct = r.progressPct;
    out.set(r.projectCode, p);
  }
  return out;
}

/** The latest 开工累计 (since the start of construction) reported up to `month`, per project. */
export function sinceStartFrom(rows: readonly FigureRow[], month: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows)
    if (r.month <= month && typeof r.sinceStartAmount === 'number')
      out.set(r.projectCode, r.sinceStartAmount);
  return out;
}
