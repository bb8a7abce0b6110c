/**
 * The reads every summary shares, over the data layer: the library (projects, people, units), the
 * current figures, status events. FerretDB has no $lookup and only $sum/$count accumulators, so rows
 * are read plainly and combined here.
 */
import { addDays, daysInMonth, zonedTime } from '../calendar/dates.ts';
import type { Data, FigureRow, ProjectDoc } from '../data/index.ts';

export {
  type ProjectProgress,
  progressFrom,
  sinceStartFrom,
  ytdByYearFrom,
} from '../domain/figures.ts';

export type ProjectRow = ProjectDoc;
export type ReportRow = FigureRow;

export interface Directory {
  /** Userid → 姓名 (the userid itself when unknown). */
  personName(id: string): string;
  /** Unit name → its head's userid. */
  unitHead(unitName: string | null | undefined): string | undefined;
  /** Userids with one of the roles. */
  withRole(...roles: string[]): string[];
}

export async function loadDirectory(data: Pick<Data, 'library'>): Promise<Directory> {
  const library = data.library;
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
export function reportsReceived(from: Date, to: Date, figures: readonly FigureRow[]): FigureRow[] {
  return figures
    .filter((r) => r.reportedAt >= from && r.reportedAt < to)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
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
export function unreportedContacts(
  month: string,
  all: readonly ProjectRow[],
  figures: readonly FigureRow[],
): { byPerson: Map<string, ProjectRow[]>; projects: ProjectRow[] } {
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
