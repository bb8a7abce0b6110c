/**
 * 开工 / 竣工 / 投产 reported in chat. The event is kept (the daily summary counts events by date) and
 * sets the project's actual dates and status; the project's previous values go to the audit log so
 * that 撤销 can put them back.
 */

import type { Types } from 'mongoose';
import { AuditLogModel, writeAudit } from '../../models/audit-log.model.ts';
import type { StatusEventKind } from '../../models/enums.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { type StatusEvent, StatusEventModel } from '../../models/status-event.model.ts';
import { markLibraryChanged } from '../library/shared.ts';

export type StatusEventDoc = StatusEvent & { _id: Types.ObjectId; createdAt: Date };

const FIELD: Record<StatusEventKind, 'actualStart' | 'actualEnd' | 'operationAt'> = {
  开工: 'actualStart',
  竣工: 'actualEnd',
  投产: 'operationAt',
};

const STATUS_RANK: Record<string, number> = { 前期: 0, 新开工: 1, 续建: 1, 竣工: 2, 投产: 3 };

/** The status a project moves to; it never moves back (开工 on a 续建 project keeps 续建). */
function nextStatus(current: string, kind: StatusEventKind): string {
  const target = kind === '开工' ? '新开工' : kind;
  return (STATUS_RANK[target] ?? 0) > (STATUS_RANK[current] ?? 0) ? target : current;
}

export interface StatusInput {
  projectCode: string;
  kind: StatusEventKind;
  /** YYYY-MM-DD. */
  date: string;
  reporterId: string;
  sourceMsgId?: string;
  at: Date;
}

export interface StatusOutcome {
  event: StatusEventDoc;
  /** An earlier event of the same kind for the project, now withdrawn in favour of this one. */
  replaced: StatusEventDoc | null;
  status: string;
}

export interface StatusEventService {
  record(input: StatusInput): Promise<StatusOutcome>;
  /** Withdraws an event and restores the project fields it had set. */
  withdraw(event: StatusEventDoc, by: string, sourceMsgId: string | undefined, at: Date): Promise<void>;
  lastBy(reporterId: string): Promise<StatusEventDoc | null>;
}

export function createStatusEventService(): StatusEventService {
  return {
    async record(input) {
      const project = await ProjectModel.findOne({ code: input.projectCode }).lean();
      if (!project) throw new Error(`project ${input.projectCode} not found`);
      const field = FIELD[input.kind];
      const replaced = await StatusEventModel.findOne({
        projectCode: input.projectCode,
        kind: input.kind,
        state: 'current',
      }).lean<StatusEventDoc>();
      if (replaced) await StatusEventModel.updateOne({ _id: replaced._id }, { $set: { state: 'withdrawn' } });

      const event = (
        await StatusEventModel.create({
          projectCode: input.projectCode,
          kind: input.kind,
          date: input.date,
          reporterId: input.reporterId,
          sourceMsgId: input.sourceMsgId,
          state: 'current',
        })
      ).toObject() as StatusEventDoc;

      const status = nextStatus(project.status, input.kind);
      const before = { status: project.status, [field]: project[field] ?? null };
      const after = { status, [field]: input.date };
      await ProjectModel.updateOne({ code: input.projectCode }, { $set: after });
      // Projects are held in memory (src/library): a status change is a library change.
      await markLibraryChanged();
      await writeAudit([
        {
          entity: 'Project',
          entityId: input.projectCode,
          action: `status:${input.kind}`,
          fields: Object.keys(after),
          before,
          after: { ...after, eventId: String(event._id) },
          actor: input.reporterId,
          sourceMsgId: input.sourceMsgId,
          via: 'chat',
          at: input.at,
        },
      ]);
      return { event, replaced, status };
    },

    async withdraw(event, by, sourceMsgId, at) {
      await StatusEventModel.updateOne({ _id: event._id }, { $set: { state: 'withdrawn' } });
      const entries = await AuditLogModel.find({
        entity: 'Project',
        entityId: event.projectCode,
        action: `status:${event.kind}`,
      }).lean();
      const setBy = entries.find((e) => (e.after as { eventId?: string })?.eventId === String(event._id));
      const before = (setBy?.before ?? {}) as Record<string, unknown>;
      const set: Record<string, unknown> = {};
      const unset: Record<string, ''> = {};
      for (const [k, v] of Object.entries(before)) {
        if (v == null) unset[k] = '';
        else set[k] = v;
      }
      const project = await ProjectModel.findOne({ code: event.projectCode }).lean();
      const update: Record<string, unknown> = {};
      if (Object.keys(set).length) update.$set = set;
      if (Object.keys(unset).length) update.$unset = unset;
      if (Object.keys(update).length) {
        await ProjectModel.updateOne({ code: event.projectCode }, update);
        await markLibraryChanged();
      }
      await writeAudit([
        {
          entity: 'Project',
          entityId: event.projectCode,
          action: `withdraw:${event.kind}`,
          fields: Object.keys(before),
          before: project
            ? Object.fromEntries(Object.keys(before).map((k) => [k, (project as Record<string, unknown>)[k]]))
            : null,
          after: before,
          actor: by,
          sourceMsgId,
          via: 'chat',
          at,
        },
      ]);
    },

    async lastBy(reporterId) {
      return StatusEventModel.findOne({ reporterId, state: 'current' })
        .sort({ createdAt: -1 })
        .lean<StatusEventDoc>();
    },
  };
}
