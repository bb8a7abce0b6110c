/**
 * Read-only answers about projects for 查: the project card, a sector's investment against its
 * plan and targets, who has not reported, and a project's history of figures. Returns facts; the
 * query handler writes them out.
 */
import type { Types } from 'mongoose';
import { SECTORS, SPECIAL_CATEGORIES, type TargetDomain } from '../../models/enums.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { type Problem, ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import type { Project } from '../../models/project.model.ts';
import { type StatusEvent, StatusEventModel } from '../../models/status-event.model.ts';
import { createLibrary, type Library } from '../library/library.ts';
import { readAllFigures } from './figures-digest.ts';
import { createProjectFigures, type ProjectFigures } from './project-figures.ts';
import type { ReportDoc } from './reports.ts';

export type ProjectDoc = Project & { _id: Types.ObjectId };

export interface ProjectCard {
  project: ProjectDoc;
  year: number;
  latest: ReportDoc | null;
  ytd: number;
  /** The newest report with a 形象进度 text. */
  progress: ReportDoc | null;
  openProblems: Problem[];
  names: Map<string, string>;
}

export interface SectorInvestment {
  domain: string;
  year: number;
  projectCount: number;
  ytd: number;
  annualPlan: number;
  /** Whether the annual plan is an 投资目标 for the year or the sum of the projects' plans. */
  planFrom: 'target' | 'projects';
  multi: { fromYear: number; toYear: number; target: number; done: number } | null;
}

export interface UnreportedProject {
  project: ProjectDoc;
  /** Who should report: the contacts, or the commanders when there are none. */
  people: Array<{ userId: string; name: string }>;
}

export interface ProjectHistory {
  project: ProjectDoc;
  reports: ReportDoc[];
  events: Array<StatusEvent & { createdAt: Date }>;
  names: Map<string, string>;
}

export interface ProjectQueries {
  card(code: string, year: number): Promise<ProjectCard | null>;
  sector(domain: string, year: number): Promise<SectorInvestment>;
  unreported(month: string): Promise<UnreportedProject[]>;
  history(code: string): Promise<ProjectHistory | null>;
}

/**
 * Userid → 姓名 (the userid itself for someone unknown). With the library, from its copy in memory;
 * without, one read of the people.
 */
export async function personNames(
  ids: Iterable<string>,
  library?: Pick<Library, 'people'>,
): Promise<Map<string, string>> {
  const list = [...new Set(ids)].filter(Boolean);
  const names = new Map(list.map((id) => [id, id]));
  if (!list.length) return names;
  const wanted = new Set(list);
  const people = library
    ? (await library.people()).filter((p) => wanted.has(p.userId))
    : await PersonModel.find({ userId: { $in: list } }).lean();
  for (const p of people) names.set(p.userId, p.name);
  return names;
}

function inDomain(domain: string, p: Pick<Project, 'sector' | 'specialCategories'>): boolean {
  if (domain === '全部') return true;
  if ((SPECIAL_CATEGORIES as readonly string[]).includes(domain))
    return (p.specialCategories as readonly string[]).includes(domain);
  if ((SECTORS as readonly string[]).includes(domain)) return p.sector === domain;
  throw new Error(`unknown investment domain ${domain}`);
}

/**
 * Year-to-date of the projects for each year: the ytd of each project's newest current report that
 * year, from the figures digest (one small document per project, not every report).
 */
async function ytdByYear(
  codes: string[],
  fromYear: number,
  toYear: number,
  figures: ProjectFigures,
): Promise<Map<number, number>> {
  const wanted = new Set(codes);
  const newest = new Map<string, { month: string; year: number; ytd: number }>();
  for (const r of codes.length ? await readAllFigures(figures) : []) {
    if (!wanted.has(r.projectCode) || r.year < fromYear || r.year > toYear) continue;
    const key = `${r.projectCode}:${r.year}`;
    const seen = newest.get(key);
    if (!seen || seen.month < r.month) newest.set(key, { month: r.month, year: r.year, ytd: r.ytdAmount });
  }
  const sums = new Map<number, number>();
  for (const r of newest.values()) sums.set(r.year, (sums.get(r.year) ?? 0) + r.ytd);
  return sums;
}

export function createProjectQueries(
  deps: { figures?: ProjectFigures; library?: Pick<Library, 'project' | 'projects' | 'people'> } = {},
): ProjectQueries {
  const figures = deps.figures ?? createProjectFigures();
  // The project library changes only by import or a status change, both of which the library
  // notices: reading projects from it spares scanning every project document per question.
  const library = deps.library ?? createLibrary();
  const project = async (code: string) => (await library.project(code)) as ProjectDoc | null;
  return {
    async card(code, year) {
      const project_ = await project(code);
      if (!project_) return null;
      if (!project) return null;
      // The current report of each month, from the project's figures document (one _id lookup).
      const reports = [...(await figures.current(code))].reverse();
      const latest = reports.find((r) => r.year === year) ?? null;
      const progress = reports.find((r) => r.progressText) ?? null;
      const openProblems = await ProblemModel.find({ projectCode: code, status: 'open' })
        .sort({ no: 1 })
        .lean();
      const names = await personNames([latest?.reporterId ?? '', progress?.reporterId ?? ''], library);
      return { project: project_, year, latest, ytd: latest?.ytdAmount ?? 0, progress, openProblems, names };
    },

    async sector(domain, year) {
      const projects = (await library.projects()).filter((p) => inDomain(domain, p));
      const codes = projects.map((p) => p.code);
      const targets = await InvestmentTargetModel.find({
        domain: domain as TargetDomain,
        fromYear: { $lte: year },
        toYear: { $gte: year },
      }).lean();
      const annual = targets.find((t) => t.fromYear === year && t.toYear === year);
      const span = targets
        .filter((t) => t.toYear > t.fromYear)
        .sort((a, b) => b.toYear - b.fromYear - (a.toYear - a.fromYear))[0];
      const sums = await ytdByYear(codes, span?.fromYear ?? year, year, figures);
      let done = 0;
      for (const [y, v] of sums) if (span && y >= span.fromYear) done += v;
      return {
        domain,
        year,
        projectCount: projects.length,
        ytd: sums.get(year) ?? 0,
        annualPlan: annual ? annual.target : projects.reduce((s, p) => s + (p.annualPlan ?? 0), 0),
        planFrom: annual ? 'target' : 'projects',
        multi: span ? { fromYear: span.fromYear, toYear: span.toYear, target: span.target, done } : null,
      };
    },

    async unreported(month) {
      // 前期 projects have no construction investment to report yet, so they are not chased.
      const projects = (await library.projects()).filter((p) => p.status !== '前期') as ProjectDoc[];
      const done = new Set(
        (await readAllFigures(figures)).filter((r) => r.month === month).map((r) => r.projectCode),
      );
      const missing = projects.filter((p) => !done.has(p.code)).sort((a, b) => a.code.localeCompare(b.code));
      const who = (p: ProjectDoc) => (p.contactIds.length ? p.contactIds : p.commanderIds);
      const names = await personNames(missing.flatMap(who), library);
      return missing.map((project) => ({
        project,
        people: who(project).map((userId) => ({ userId, name: names.get(userId) ?? userId })),
      }));
    },

    async history(code) {
      const found = await project(code);
      if (!found) return null;
      const reports = await ProgressReportModel.find({ projectCode: code }).lean<ReportDoc[]>();
      reports.sort(
        (a, b) => b.month.localeCompare(a.month) || b.reportedAt.getTime() - a.reportedAt.getTime(),
      );
      const events = await StatusEventModel.find({ projectCode: code })
        .sort({ createdAt: -1 })
        .lean<Array<StatusEvent & { createdAt: Date }>>();
      const names = await personNames(
        [...reports.map((r) => r.reporterId), ...events.map((e) => e.reporterId)],
        library,
      );
      return { project: found, reports, events, names };
    },
  };
}
