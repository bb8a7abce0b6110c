/**
 * Read-only answers about projects for 查: the project card, a sector's investment against its
 * plan and targets, who has not reported, and a project's history of figures. Returns facts; the
 * query handler writes them out.
 */
import type { Types } from 'mongoose';
import { SECTORS, SPECIAL_CATEGORIES, type TargetDomain } from '../../models/enums.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { type Problem, ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import type { Project } from '../../models/project.model.ts';
import { type StatusEvent, StatusEventModel } from '../../models/status-event.model.ts';
import type { Library } from '../library/library.ts';
import { sharedLibrary } from '../library/shared.ts';
import { readAllFigures, ytdByYearFrom } from './figures-digest.ts';
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

/** Userid → 姓名 (the userid itself for someone unknown), from the library in memory. */
export async function personNames(
  ids: Iterable<string>,
  library: Pick<Library, 'person'> = sharedLibrary(),
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    if (!id) continue;
    names.set(id, (await library.person(id))?.name ?? id);
  }
  return names;
}

function inDomain(domain: string, p: Pick<Project, 'sector' | 'specialCategories'>): boolean {
  if (domain === '全部') return true;
  if ((SPECIAL_CATEGORIES as readonly string[]).includes(domain))
    return (p.specialCategories as readonly string[]).includes(domain);
  if ((SECTORS as readonly string[]).includes(domain)) return p.sector === domain;
  throw new Error(`unknown investment domain ${domain}`);
}

export function createProjectQueries(
  deps: { figures?: ProjectFigures; library?: Pick<Library, 'project' | 'projects' | 'person'> } = {},
): ProjectQueries {
  const figures = deps.figures ?? createProjectFigures();
  // The project library changes only by import or a status change, both of which the library
  // notices: reading projects from it spares scanning every project document per question.
  const library = deps.library ?? sharedLibrary();
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
      const wanted = new Set(codes);
      const byYear = ytdByYearFrom(
        codes.length ? await readAllFigures(figures) : [],
        span?.fromYear ?? year,
        `${year}-12`,
      );
      const sums = new Map<number, number>();
      for (const [y, perProject] of byYear)
        for (const [code, ytd] of perProject) if (wanted.has(code)) sums.set(y, (sums.get(y) ?? 0) + ytd);
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
