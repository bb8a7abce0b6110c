/**
 * Problems and 督办事项: raise, assign, resolve, escalate, list. Both share one county-wide number
 * sequence (#12). FerretDB has no transactions, so every change is one conditional update on the
 * problem (status / tier in the filter) followed by its audit entry; a lost race reads back and
 * says what happened instead.
 */
import { writeAudit } from '../../models/audit-log.model.ts';
import type { ProblemCategory } from '../../models/enums.ts';
import {
  createProblem,
  type Problem,
  type ProblemHistory,
  ProblemModel,
} from '../../models/problem.model.ts';
import type { Reply } from '../bot/types.ts';
import type { Clock } from '../clock.ts';
import { UserFacingError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from './notifier.ts';
import { daysBetween, formatDay } from './problem-format.ts';
import { escalatedMessage } from './problem-messages.ts';
import { findProject, findUnit, type ProjectFacts, type UnitFacts } from './problem-people.ts';

export type ProblemDoc = Problem & { _id: unknown };

/** Who changes a problem and from which message; jobs pass via 'job' and by 'system'. */
export interface Source {
  by: string;
  sourceMsgId?: string;
  via?: 'chat' | 'job';
}

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
  deadline?: string | null;
  category?: ProblemCategory;
}

export interface ProblemFilter {
  tier?: number;
  unitName?: string;
  projectCode?: string;
  kind?: 'problem' | 'task';
  /** Resolved and withdrawn ones too (查 问题 全部). */
  includeClosed?: boolean;
}

export interface EscalateOptions extends Omit<Source, 'via'> {
  reason?: string;
  /** True when the escalation job moved an overdue problem up. */
  auto?: boolean;
}

export interface Escalation {
  problem: ProblemDoc;
  from: number;
  to: number;
  /** The people of the new tier, @-mentioned in `notice`. */
  notifyIds: string[];
  notice: Reply;
  /** How many project groups the notice was posted to. */
  posted: number;
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
}

export interface ProblemServiceDeps {
  clock: Clock;
  log: Logger;
  notifier?: Notifier;
}

export const TOP_TIER = 4;

async function mustGet(no: number): Promise<ProblemDoc> {
  const p = await ProblemModel.findOne({ no }).lean();
  if (!p)
    throw new UserFacingError(`没有找到 #${no}，请核对编号。发送“查 问题”可查看在办问题。`, 'not_found');
  return p as ProblemDoc;
}

function closedError(p: ProblemDoc): UserFacingError {
  const when = p.resolvedAt ? `于${formatDay(p.resolvedAt.toISOString().slice(0, 10))}` : '';
  return p.status === 'withdrawn'
    ? new UserFacingError(`#${p.no} 已撤销，无需再办理。`)
    : new UserFacingError(`#${p.no} 已${when}办结，无需重复办理。办结情况：${p.resolutionNote ?? '无'}`);
}

/** One conditional update: applies `set` and appends `entry` only while `guard` still holds. */
async function change(
  no: number,
  guard: Record<string, unknown>,
  set: Record<string, unknown>,
  entry: ProblemHistory,
): Promise<ProblemDoc | null> {
  const doc = await ProblemModel.findOneAndUpdate(
    { no, ...guard },
    { $set: set, $push: { history: entry } },
    { new: true },
  ).lean();
  return doc as ProblemDoc | null;
}

async function audit(
  no: number,
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  src: Source,
  at: Date,
): Promise<void> {
  await writeAudit([
    {
      entity: 'Problem',
      entityId: String(no),
      action,
      fields: Object.keys(after),
      before,
      after,
      actor: src.by,
      sourceMsgId: src.sourceMsgId,
      via: src.via ?? 'chat',
      at,
    },
  ]);
}

/** The responsible unit as the library names it; an unknown name is kept as typed. */
async function resolveUnit(
  typed: string | null | undefined,
): Promise<{ name: string | null; unit: UnitFacts | null }> {
  if (!typed?.trim()) return { name: null, unit: null };
  const unit = await findUnit(typed);
  return { name: unit?.name ?? typed.trim(), unit };
}

/**
 * Moves an open problem one tier up and tells the new tier. Shared by 升级 in chat and by the
 * escalation job (auto: true). Refuses past tier 4 and on closed problems.
 */
export async function escalateProblem(
  no: number,
  opts: EscalateOptions & { at?: Date; notifier?: Notifier; log?: Logger },
): Promise<Escalation> {
  const at = opts.at ?? new Date();
  const current = await mustGet(no);
  if (current.status !== 'open') throw closedError(current);
  if (current.tier >= TOP_TIER) {
    throw new UserFacingError(
      `#${no} 已是最高协调层级（四级，市重大项目协调会），无法继续升级。请县重大办跟进市级协调结果。`,
    );
  }
  const from = current.tier;
  const to = from + 1;
  const note = [opts.reason, opts.auto ? '逾期未办结，系统自动升级' : ''].filter(Boolean).join('；');
  const updated = await change(
    no,
    { status: 'open', tier: from },
    { tier: to, escalatedAt: at },
    { at, by: opts.by, action: 'escalate', from, to, note: note || undefined, sourceMsgId: opts.sourceMsgId },
  );
  if (!updated) {
    // Someone else escalated or closed it between our read and write.
    const now = await mustGet(no);
    if (now.status !== 'open') throw closedError(now);
    throw new UserFacingError(`#${no} 刚刚已被调整为${now.tier}级，请查看后再操作（发送“查 #${no}”）。`);
  }
  const via = opts.auto ? 'job' : 'chat';
  await audit(
    no,
    'escalate',
    { tier: from },
    { tier: to },
    { by: opts.by, sourceMsgId: opts.sourceMsgId, via },
    at,
  );
  const project = updated.projectCode ? await findProject(updated.projectCode) : null;
  const { reply, notifyIds } = await escalatedMessage(updated, project, { from, reason: note });
  let posted = 0;
  if (opts.notifier && updated.projectCode) {
    try {
      posted = await opts.notifier.toProjectGroups(updated.projectCode, [reply], {
        sub: '提醒',
        id: `escalate:${no}:${to}`,
      });
    } catch (err) {
      // The escalation itself stands; the chat reply still tells the people concerned.
      opts.log?.error({ err, no }, 'escalation notice to project groups failed');
    }
  }
  return { problem: updated, from, to, notifyIds, notice: reply, posted };
}

export function createProblemService(deps: ProblemServiceDeps): ProblemService {
  const now = () => deps.clock.now();

  return {
    async raise(input) {
      const project = await findProject(input.projectCode);
      if (!project)
        throw new UserFacingError(`项目库中没有编号为 ${input.projectCode} 的项目。`, 'not_found');
      if (input.sourceMsgId) {
        // The same message delivered twice (WeCom retries) must not make two problems.
        const seen = await ProblemModel.findOne({
          sourceMsgId: input.sourceMsgId,
          raisedBy: input.by,
        }).lean();
        if (seen) return { problem: seen as ProblemDoc, project, unit: await findUnit(seen.unitName) };
      }
      const { name, unit } = await resolveUnit(input.unitName || project.leadUnit);
      const at = now();
      const created = await createProblem(
        {
          kind: 'problem',
          projectCode: project.code,
          category: input.category,
          description: input.description,
          tier: 1,
          unitName: name ?? undefined,
          raisedBy: input.by,
          sourceMsgId: input.sourceMsgId,
        } as Parameters<typeof createProblem>[0],
        at,
      );
      const problem = created.toObject() as ProblemDoc;
      await audit(
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
        },
        input,
        at,
      );
      return { problem, project, unit };
    },

    async assign(no, input) {
      const current = await mustGet(no);
      if (current.status !== 'open') throw closedError(current);
      const { name, unit } = await resolveUnit(input.unitName);
      if (!name) throw new UserFacingError(`请写明承办单位，例如：交办 #${no} 县自然资源局 8月20日前`);
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
        throw new UserFacingError(
          `#${no} 已由${name}承办${current.deadline ? `，时限${formatDay(current.deadline)}` : ''}，无需重复交办。`,
        );
      }
      const at = now();
      const updated = await change(no, { status: 'open' }, after, {
        at,
        by: input.by,
        action: 'assign',
        from: before,
        to: after,
        sourceMsgId: input.sourceMsgId,
      });
      if (!updated) throw closedError(await mustGet(no));
      await audit(no, 'update', before, after, input, at);
      return { problem: updated, unit };
    },

    async createTask(input) {
      const project = input.projectCode ? await findProject(input.projectCode) : null;
      if (input.projectCode && !project) {
        throw new UserFacingError(`项目库中没有编号为 ${input.projectCode} 的项目。`, 'not_found');
      }
      if (input.sourceMsgId) {
        const seen = await ProblemModel.findOne({
          sourceMsgId: input.sourceMsgId,
          raisedBy: input.by,
        }).lean();
        if (seen) return { problem: seen as ProblemDoc, project, unit: await findUnit(seen.unitName) };
      }
      const { name, unit } = await resolveUnit(input.unitName);
      if (!name)
        throw new UserFacingError('请写明承办单位，例如：派单 县自然资源局 贺巴 用地报批材料8月20日前报市局');
      const at = now();
      const fields = {
        kind: 'task' as const,
        projectCode: project?.code,
        category: input.category ?? '其他',
        description: input.description,
        tier: 1,
        unitName: name,
        deadline: input.deadline ?? undefined,
      };
      const created = await createProblem(
        { ...fields, raisedBy: input.by, sourceMsgId: input.sourceMsgId } as Parameters<
          typeof createProblem
        >[0],
        at,
      );
      const problem = created.toObject() as ProblemDoc;
      await audit(problem.no, 'create', null, fields, input, at);
      return { problem, project, unit };
    },

    async resolve(no, input) {
      const current = await mustGet(no);
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
      if (!updated) throw closedError(await mustGet(no));
      await audit(
        no,
        'update',
        { status: 'open' },
        { status: 'resolved', resolutionNote: input.note },
        input,
        at,
      );
      return updated;
    },

    escalate(no, opts) {
      return escalateProblem(no, {
        ...opts,
        at: now(),
        notifier: deps.notifier,
        log: deps.log,
      });
    },

    async listOpen(filter = {}) {
      const q: Record<string, unknown> = filter.includeClosed ? {} : { status: 'open' };
      if (filter.tier) q.tier = filter.tier;
      if (filter.unitName) q.unitName = filter.unitName;
      if (filter.projectCode) q.projectCode = filter.projectCode;
      if (filter.kind) q.kind = filter.kind;
      const docs = await ProblemModel.find(q).sort({ no: 1 }).lean();
      return docs as ProblemDoc[];
    },

    async overdue(today) {
      // Range filters run in FerretDB's Go code anyway; the equality on status narrows the read.
      const docs = (await ProblemModel.find({
        status: 'open',
        deadline: { $lt: today },
      }).lean()) as ProblemDoc[];
      return docs
        .filter((p) => p.deadline && p.deadline < today)
        .map((problem) => ({ problem, daysOverdue: daysBetween(problem.deadline!, today) }))
        .sort((a, b) => b.daysOverdue - a.daysOverdue || a.problem.no - b.problem.no);
    },

    async get(no) {
      return (await ProblemModel.findOne({ no }).lean()) as ProblemDoc | null;
    },
  };
}
