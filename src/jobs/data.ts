/**
 * The reads every summary shares: the library (projects, people, units), the current progress
 * reports up to a month, status events and open problems. FerretDB has no $lookup and only
 * $sum/$count accumulators, so rows are read plainly and combined here (a county has hundreds of
 * projects, not millions).
 */
import { StatusEventModel } from '../../models/status-event.model.ts';
import { addDays, daysInMonth, zonedTime } from '../calendar/dates.ts';
import type { ProjectDoc } from '../library/library.ts';
import { sharedLibrary } from '../library/shared.ts';
import { type FigureRow, readAllFigures } from '../services/figures-digest.ts';

export { ytdByYearFrom } from '../services/figures-digest.ts';

import { createProjectFigures } from '../services/project-figures.ts';

export type ProjectRow = Awaited<ReturnType<typeof loadProjects>>[number];
export type ReportRow = FigureRow;

/**
 * Every project's current reports, oldest month first, from the figures digest: one small
 * document per project rather than every report (models/figures-digest.model.ts).
 */
export async function allCurrentFigures(): Promise<FigureRow[]> {
  return readAllFigures(createProjectFigures());
}

/** Every project, by code, from the process's library (it follows imports and status changes). */
export async function loadProjects(): Promise<ProjectDoc[]> {
  return sharedLibrary().projects();
}

export interface Directory {
  /** Userid → 姓名 (the userid itself when unknown). */
  personName(id: string): string;
  /** Unit name → its head's userid. */
  unitHead(unitName: string | null | undefined): string | undefined;
  /** Userids with one of the roles. */
  withRole(...roles: string[]): string[];
}

export async function loadDirectory(): Promise<Directory> {
  const library = sharedLibrary();
  const [people, units] = await Promise.all([library.people(), library.units()]);
  const byId = new Map(people.map((p) => [p.userId, p]));
  const heads = new Map(units.map((u) => [u.name, u.headId ?? undefined]));
  return {
    personName: (id) => byId.get(id)?.name ?? id,
    unitHead: (name) => (name ? heads.get(name) : undefined),
    withRole: (...roles) => people.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.userId),
  };
}

/** Current reports received in [from, to), in the order received. */
export async function reportsReceived(
  from: Date,
  to: Date,
  figures?: readonly FigureRow[],
): Promise<FigureRow[]> {
  return (figures ?? (await allCurrentFigures()))
    .filter((r) => r.reportedAt >= from && r.reportedAt < to)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
}

/** A project's figures as of a month. */
export interface ProjectProgress {
  /** The month's own report, when there is one. */
  report?: ReportRow;
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

export async function progressAsOf(month: string): Promise<Map<string, ProjectProgress>> {
  return progressFrom(await allCurrentFigures(), month);
}

/** Every current report up to and including `month`, oldest first: one read for several views. */
export async function currentReportsUpTo(month: string): Promise<ReportRow[]> {
  return (await allCurrentFigures()).filter((r) => r.month <= month);
}

/** progressAsOf over rows already read (current, oldest first; other years are skipped). */
export function progressFrom(reports: readonly ReportRow[], month: string): Map<string, ProjectProgress> {
  const year = Number(month.slice(0, 4));
  const out = new Map<string, ProjectProgress>();
  for (const r of reports) {
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
export function sinceStartFrom(reports: readonly ReportRow[], month: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of reports)
    if (r.month <= month && typeof r.sinceStartAmount === 'number')
      out.set(r.projectCode, r.sinceStartAmount);
  return out;
}

export async function statusEventsUpTo(day: string) {
  return StatusEventModel.find({ state: 'current', date: { $lte: day } })
    .sort({ date: 1 })
    .lean();
}

/** The last day of a month, 'YYYY-MM-DD'. */
export function monthEnd(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** The instants [from, to) that make up local days `first`..`last` in `tz`. */
export function dayRange(first: string, last: string, tz: string): { from: Date; to: Date } {
  return { from: zonedTime(first, '00:00', tz), to: zonedTime(addDays(last, 1), '00:00', tz) };
}

const STARTED_STATUSES = new Set(['续建', '竣工', '投产']);
const DONE_STATUSES = new Set(['竣工', '投产']);

/** Has the project started by `day`? 续建/竣工/投产 in the library, an actual start date, or a 开工 event. */
export function startedBy(
  p: ProjectRow,
  day: string,
  events: ReadonlyArray<{ projectCode: string; kind: string; date: string }>,
): boolean {
  if (STARTED_STATUSES.has(p.status)) return true;
  if (p.actualStart && p.actualStart <= day) return true;
  return events.some((e) => e.projectCode === p.code && e.date <= day);
}

/** Has the project been completed (竣工 or 投产) by `day`? */
export function completedBy(
  p: ProjectRow,
  day: string,
  events: ReadonlyArray<{ projectCode: string; kind: string; date: string }>,
): boolean {
  if (DONE_STATUSES.has(p.status)) return true;
  if ((p.actualEnd && p.actualEnd <= day) || (p.operationAt && p.operationAt <= day)) return true;
  return events.some((e) => e.projectCode === p.code && e.kind !== '开工' && e.date <= day);
}

/**
 * Projects expected to report every month: all but 前期 ones, which have no construction investment
 * yet (the same rule as 查 未报送 in src/services/project-queries.ts).
 */
export function expectsReports(p: ProjectRow): boolean {
  return p.status !== '前期';
}

/**
 * Who has not reported for `month`: for every project that expects a report and has no current
 * report for the month, its 项目联系人 (or, when it has none, its 指挥长). A project counts as
 * reported whoever reported it.
 */
export async function unreportedContacts(
  month: string,
  projects?: ProjectRow[],
  rows?: readonly FigureRow[],
): Promise<{ byPerson: Map<string, ProjectRow[]>; projects: ProjectRow[] }> {
  const [all, figures] = await Promise.all([projects ?? loadProjects(), rows ?? allCurrentFigures()]);
  const reported = new Set(figures.filter((r) => r.month === month).map((r) => r.projectCode));
  const missing = all.filter((p) => expectsReports(p) && !reported.has(p.code));
  const byPerson = new Map<string, ProjectRow[]>();
  for (const p of missing) {
    const who = p.contactIds.length ? p.contactIds : p.commanderIds;
    for (const id of who) byPerson.set(id, [...(byPerson.get(id) ?? []), p]);
  }
  return { byPerson, projects: missing };
}

/** The numbers of open problems per project code (problems come sorted by number). */
export function openProblemNumbers(open: ReadonlyArray<{ no: number; projectCode?: string | null }>) {
  const by = new Map<string, number[]>();
  for (const x of open) if (x.projectCode) by.set(x.projectCode, [...(by.get(x.projectCode) ?? []), x.no]);
  return (code: string): number[] => by.get(code) ?? [];
}
