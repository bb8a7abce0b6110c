/**
 * 审批事项 from chat: 审批 adds an item or moves its deadline, 批复 records the day it was obtained,
 * and the pending list (查 审批). The items live on the project (the library's `approvals`); each
 * change is one conditional update of the project (src/data/library.ts changeApprovals) followed by
 * its audit entry (数出有据: who, when, which message, the item before and after). Refusals come back
 * as ApprovalError with the facts; the handlers word them.
 */
import type { Data, ProjectDoc } from '../data/index.ts';
import {
  type ApprovalItem,
  approvalDaysOverdue,
  approvalState,
  daysBeforeDeadline,
  findApproval,
} from '../domain/approvals.ts';
import { AppError } from '../errors.ts';
import type { Source } from './problem-store.ts';

export type ApprovalRefusal =
  | { reason: 'no_project'; code: string }
  /** 批复 of a name the project does not list (its items are given to choose from). */
  | { reason: 'no_item'; project: ProjectDoc; typed: string; items: ApprovalItem[] }
  /** The name fits several items. */
  | { reason: 'several'; project: ProjectDoc; typed: string; items: ApprovalItem[] }
  /** 批复 again, or 审批 on an item already obtained. */
  | { reason: 'already_done'; project: ProjectDoc; item: ApprovalItem }
  /** 审批 with the deadline the item already has. */
  | { reason: 'unchanged'; project: ProjectDoc; item: ApprovalItem }
  /** A 批复 day after today. */
  | { reason: 'future'; date: string; today: string };

export class ApprovalError extends AppError {
  constructor(readonly refusal: ApprovalRefusal) {
    super(refusal.reason === 'no_project' ? 'not_found' : 'invalid_input', refusal.reason);
  }
}

export interface ApprovalSet {
  project: ProjectDoc;
  item: ApprovalItem;
  /** The deadline it had before (moved), or null (a new item). */
  previousDeadline: string | null;
}

export interface ApprovalDone {
  project: ProjectDoc;
  item: ApprovalItem & { doneAt: string };
  /** Calendar days before the deadline (negative: after it). */
  daysEarly: number;
}

export interface PendingApproval {
  project: ProjectDoc;
  item: ApprovalItem;
  overdue: boolean;
  daysOverdue: number;
}

export interface ApprovalService {
  /** 审批: adds the item, or moves the deadline of the item the name means. */
  set(
    input: Source & { projectCode: string; name: string; deadline: string; today: string },
  ): Promise<ApprovalSet>;
  /** 批复: the item was obtained on `date` (not after `today`). */
  done(
    input: Source & { projectCode: string; name: string; date: string; today: string },
  ): Promise<ApprovalDone>;
  /** Items not yet obtained, overdue first (most days first), then by deadline; optionally one project's. */
  pending(
    today: string,
    filter?: { projectCode?: string; overdueOnly?: boolean },
  ): Promise<PendingApproval[]>;
}

export function createApprovalService(deps: { data: Data; now: () => Date }): ApprovalService {
  const { data } = deps;

  async function projectOf(code: string): Promise<ProjectDoc> {
    const project = await data.library.project(code);
    if (!project) throw new ApprovalError({ reason: 'no_project', code });
    return project;
  }

  function pick(project: ProjectDoc, items: ApprovalItem[], typed: string): ApprovalItem | null {
    const found = findApproval(items, typed);
    if ('item' in found) return found.item;
    if ('several' in found)
      throw new ApprovalError({ reason: 'several', project, typed, items: found.several });
    return null;
  }

  async function audit(
    code: string,
    action: string,
    before: ApprovalItem | null,
    after: ApprovalItem,
    src: Source,
    at: Date,
  ): Promise<void> {
    await data.audit.write([
      {
        entity: 'Project',
        entityId: code,
        action,
        fields: ['approvals'],
        before,
        after,
        actor: src.by,
        sourceMsgId: src.sourceMsgId,
        via: src.via ?? 'chat',
        at,
      },
    ]);
  }

  return {
    async set(input) {
      const project = await projectOf(input.projectCode);
      let previous: ApprovalItem | null = null;
      let item!: ApprovalItem;
      const changed = await data.library.changeApprovals(project.code, (items) => {
        const found = pick(project, items, input.name);
        previous = found ? { ...found } : null;
        if (found?.doneAt) throw new ApprovalError({ reason: 'already_done', project, item: found });
        if (found && found.deadline === input.deadline)
          throw new ApprovalError({ reason: 'unchanged', project, item: found });
        item = found
          ? { ...found, deadline: input.deadline }
          : { name: input.name, deadline: input.deadline };
        return found ? items.map((a) => (a === found ? item : a)) : [...items, item];
      });
      if (!changed) throw new ApprovalError({ reason: 'no_project', code: input.projectCode });
      const at = deps.now();
      const before = previous as ApprovalItem | null;
      await audit(project.code, before ? 'approval:deadline' : 'approval:add', before, item, input, at);
      return { project, item, previousDeadline: before?.deadline ?? null };
    },

    async done(input) {
      if (input.date > input.today)
        throw new ApprovalError({ reason: 'future', date: input.date, today: input.today });
      const project = await projectOf(input.projectCode);
      let before!: ApprovalItem;
      let item!: ApprovalItem & { doneAt: string };
      const changed = await data.library.changeApprovals(project.code, (items) => {
        const found = pick(project, items, input.name);
        if (!found) throw new ApprovalError({ reason: 'no_item', project, typed: input.name, items });
        if (found.doneAt) throw new ApprovalError({ reason: 'already_done', project, item: found });
        before = { ...found };
        item = { ...found, doneAt: input.date };
        return items.map((a) => (a === found ? item : a));
      });
      if (!changed) throw new ApprovalError({ reason: 'no_project', code: input.projectCode });
      await audit(project.code, 'approval:done', before, item, input, deps.now());
      return { project, item, daysEarly: daysBeforeDeadline(item.deadline, item.doneAt) };
    },

    async pending(today, filter = {}) {
      const projects = filter.projectCode
        ? [await data.library.project(filter.projectCode)].filter((p): p is ProjectDoc => Boolean(p))
        : await data.library.projects();
      const out: PendingApproval[] = [];
      for (const project of projects) {
        for (const item of project.approvals ?? []) {
          const state = approvalState(item, today);
          if (state === 'done' || (filter.overdueOnly && state !== 'overdue')) continue;
          out.push({
            project,
            item,
            overdue: state === 'overdue',
            daysOverdue: approvalDaysOverdue(item, today),
          });
        }
      }
      return out.sort(
        (a, b) =>
          b.daysOverdue - a.daysOverdue ||
          a.item.deadline.localeCompare(b.item.deadline) ||
          a.project.code.localeCompare(b.project.code),
      );
    },
  };
}
