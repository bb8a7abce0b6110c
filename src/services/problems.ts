/**
 * Problems and 督办事项: raise, assign, resolve, escalate, list. Both share one county-wide number
 * sequence (#12). Every change is one conditional update on the problem (status / tier in the filter)
 * followed by its audit entry; a lost race reads back and says what happened instead.
 */
import { localDate } from '../calendar/dates.ts';
import { loadWorkCalendar } from '../calendar/load.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import type { Clock } from '../clock.ts';
import type { Data } from '../data/index.ts';
import { countyOfRef } from '../domain/county.ts';
import { byOverdue, daysOverdue } from '../domain/problem-rules.ts';
import type { ProblemCategory } from '../domain/vocabulary.ts';
import type { Logger } from '../logger.ts';
import { type DeadlineConfig, deadlinePolicy, fillMissingDeadlines } from './problem-deadlines.ts';
import { ProblemError } from './problem-errors.ts';
import { type EscalateOptions, type Escalation, escalateProblem } from './problem-escalate.ts';
import { findProject, type ProjectFacts, type UnitFacts } from './problem-people.ts';
import { audit, closedError, mustGet, type ProblemDoc, resolveUnit, type Source } from './problem-store.ts';

export { type EscalateOptions, type Escalation, escalateProblem, TOP_TIER } from './problem-escalate.ts';
export type { ProblemDoc, Source } from './problem-store.ts';

export interface RaiseInput extends Source {
  projectCode: string;
  category: ProblemCategory;
  description: string;
  /** The unit named as 需XX协调; the project's 牵头单位 otherwise. */
  unitName?: string | null;
}

export interface TaskInput extends Source {
  projectCode?: string | null;
  unitName: string;
  description: string;
  /** Default: the category's working days from today (PROBLEM_DEADLINE_DAYS). */
  deadline?: string | null;
  category?: ProblemCategory;
  /** Default 1; the 通报's 督办 for a project red twice running starts at 2 (联系县领导). */
  tier?: 1 | 2 | 3 | 4;
  /** What made it when not a person ('rag'). */
  origin?: string;
}

export interface ProblemFilter {
  tier?: number;
  unitName?: string;
  projectCode?: string;
  kind?: 'problem' | 'task';
  /** Resolved and withdrawn ones too (查 问题 全部). */
  includeClosed?: boolean;
}

export interface ProblemService {
  raise(input: RaiseInput): Promise<{ problem: ProblemDoc; project: ProjectFacts; unit: UnitFacts | null }>;
  assign(
    no: number,
    input: Source & { unitName: string; deadline?: string | null },
  ): Promise<{ problem: ProblemDoc; unit: UnitFacts | null }>;
  createTask(
    input: TaskInput,
  ): Promise<{ problem: ProblemDoc; project: ProjectFacts | null; unit: UnitFacts | null }>;
  resolve(no: number, input: Source & { note: string }): Promise<ProblemDoc>;
  escalate(no: number, opts: EscalateOptions): Promise<Escalation>;
  listOpen(filter?: ProblemFilter): Promise<ProblemDoc[]>;
  overdue(today: string): Promise<Array<{ problem: ProblemDoc; daysOverdue: number }>>;
  get(no: number): Promise<ProblemDoc | null>;
  /**
   * Gives every open problem stored without a deadline its category's default, counted from the day
   * it was raised (once, at start-up after the upgrade that put every problem on a timer).
   */
  fillMissingDeadlines(): Promise<number>;
}

export interface ProblemServiceDeps {
  clock: Clock;
  log?: Logger;
  data: Data;
  config: DeadlineConfig;
  /** Default: the official calendar with the stored 节假日 overrides, read per change. */
  calendar?: () => Promise<WorkCalendar>;
}

export function createProblemService(deps: ProblemServiceDeps): ProblemService {
  const { data } = deps;
  const now = () => deps.clock.now();
  const library = data.library;
  const change = data.problems.change;
  const tz = deps.config.BOT_TIMEZONE;
  const calendar =
    deps.calendar ??
    (() => loadWorkCalendar({ log: deps.log ?? { warn: () => {} }, holidays: data.settings.holidays }));
  const policy = async () => deadlinePolicy(await calendar(), deps.config);
  // A problem outside the home county says its county; one without is the home county's.
  const awayFromHome = (county: string | null | undefined) =>
    county && county !== data.county ? { county } : {};

  return {
    async raise(input) {
      const project = await findProject(library, input.projectCode);
      if (!project) throw new ProblemError({ reason: 'no_project', code: input.projectCode });
      if (input.sourceMsgId) {
        // The same message delivered twice (WeCom retries) must not make two problems.
        const seen = await data.problems.fromMessage(input.sourceMsgId, input.by);
        if (seen) return { problem: seen, project, unit: await library.findUnit(seen.unitName) };
      }
      const { name, unit } = await resolveUnit(data, input.unitName || project.leadUnit, project.county);
      const at = now();
      const deadline = (await policy()).forCategory(input.category, localDate(at, tz));
      const problem = await data.problems.create(
        {
          kind: 'problem',
          projectCode: project.code,
          ...awayFromHome(project.county),
          category: input.category,
          description: input.description,
          tier: 1,
          unitName: name ?? undefined,
          deadline,
          deadlineSetAt: at,
          raisedBy: input.by,
          sourceMsgId: input.sourceMsgId,
        },
        at,
      );
      await audit(
        data,
        problem.no,
        'create',
        null,
        {
          kind: 'problem',
          projectCode: project.code,
          category: input.category,
          description: input.description,
          tier: 1,
          unitName: name,
          deadline,
        },
        input,
        at,
      );
      return { problem, project, unit };
    },

    async assign(no, input) {
      const current = await mustGet(data, no);
      if (current.status !== 'open') throw closedError(current);
      const county = current.county || countyOfRef(current.projectCode ?? '', data.county);
      const { name, unit } = await resolveUnit(data, input.unitName, county);
      if (!name) throw new ProblemError({ reason: 'no_unit', no });
      // History and audit keep only what changed; restating the same unit is not a change.
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (name !== current.unitName) {
        before.unitName = current.unitName ?? null;
        after.unitName = name;
      }
      if (input.deadline && input.deadline !== current.deadline) {
        before.deadline = current.deadline ?? null;
        after.deadline = input.deadline;
      }
      if (!Object.keys(after).length) {
        throw new ProblemError({ reason: 'unchanged', problem: current, unitName: name });
      }
      const at = now();
      const set = 'deadline' in after ? { ...after, deadlineSetAt: at } : after;
      const updated = await change(no, { status: 'open' }, set, {
        at,
        by: input.by,
        action: 'assign',
        from: before,
        to: after,
        sourceMsgId: input.sourceMsgId,
      });
      if (!updated) throw closedError(await mustGet(data, no));
      await audit(data, no, 'update', before, after, input, at);
      return { problem: updated, unit };
    },

    async createTask(input) {
      const project = input.projectCode ? await findProject(library, input.projectCode) : null;
      if (input.projectCode && !project) {
        throw new ProblemError({ reason: 'no_project', code: input.projectCode });
      }
      if (input.sourceMsgId) {
        const seen = await data.problems.fromMessage(input.sourceMsgId, input.by);
        if (seen) return { problem: seen, project, unit: await library.findUnit(seen.unitName) };
      }
      // A task without a project belongs where the person who made it does.
      const county = project ? project.county : (await library.person(input.by))?.county;
      const { name, unit } = await resolveUnit(data, input.unitName, county);
      if (!name) throw new ProblemError({ reason: 'no_unit' });
      const at = now();
      const category = input.category ?? '其他';
      const fields = {
        kind: 'task' as const,
        projectCode: project?.code,
        category,
        description: input.description,
        tier: input.tier ?? 1,
        unitName: name,
        deadline: input.deadline || (await policy()).forCategory(category, localDate(at, tz)),
      };
      const problem = await data.problems.create(
        {
          ...fields,
          ...awayFromHome(county),
          deadlineSetAt: at,
          raisedBy: input.by,
          sourceMsgId: input.sourceMsgId,
          ...(input.origin ? { origin: input.origin } : {}),
        },
        at,
      );
      await audit(data, problem.no, 'create', null, fields, input, at);
      return { problem, project, unit };
    },

    async resolve(no, input) {
      const current = await mustGet(data, no);
      if (current.status !== 'open') throw closedError(current);
      const at = now();
      const updated = await change(
        no,
        { status: 'open' },
        { status: 'resolved', resolvedAt: at, resolutionNote: input.note },
        {
          at,
          by: input.by,
          action: 'resolve',
          from: 'open',
          to: 'resolved',
          note: input.note,
          sourceMsgId: input.sourceMsgId,
        },
      );
      if (!updated) throw closedError(await mustGet(data, no));
      await audit(
        data,
        no,
        'update',
        { status: 'open' },
        { status: 'resolved', resolutionNote: input.note },
        input,
        at,
      );
      return updated;
    },

    async escalate(no, opts) {
      const at = now();
      const deadline = (await policy()).afterEscalation(localDate(at, tz));
      return escalateProblem(data, no, { ...opts, at, deadline });
    },

    listOpen: (filter = {}) => data.problems.list(filter),

    async overdue(today) {
      return (await data.problems.overdue(today))
        .sort(byOverdue(today))
        .map((problem) => ({ problem, daysOverdue: daysOverdue(problem, today) }));
    },

    get: (no) => data.problems.byNo(no),

    async fillMissingDeadlines() {
      const n = await fillMissingDeadlines(data, await policy(), { at: now(), timeZone: tz });
      if (n) deps.log?.info({ problems: n }, 'deadlines set for open problems that had none');
      return n;
    },
  };
}
