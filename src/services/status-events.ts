/**
 * 开工 / 竣工 / 投产 reported in chat. The event is kept (the daily summary counts events by date) and
 * sets the project's actual dates and status; the project's previous values go to the audit log so
 * that 撤销 can put them back.
 */
import type { Data, StatusEventDoc } from '../data/index.ts';
import type { StatusEventKind } from '../domain/vocabulary.ts';

export type { StatusEventDoc } from '../data/index.ts';

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

export function createStatusEventService(deps: { data: Data }): StatusEventService {
  const { data } = deps;
  return {
    async record(input) {
      const project = await data.library.project(input.projectCode);
      if (!project) throw new Error(`project ${input.projectCode} not found`);
      const field = FIELD[input.kind];
      const replaced = await data.statusEvents.currentOf(input.projectCode, input.kind);
      if (replaced) await data.statusEvents.withdraw(replaced._id);
      const event = await data.statusEvents.create({
        projectCode: input.projectCode,
        kind: input.kind,
        date: input.date,
        reporterId: input.reporterId,
        sourceMsgId: input.sourceMsgId,
      });
      const status = nextStatus(project.status, input.kind);
      const before = { status: project.status, [field]: project[field] ?? null };
      const after = { status, [field]: input.date };
      // Projects are held in memory (the library): a status change is a library change.
      await data.library.updateProject(input.projectCode, after);
      await data.audit.write([
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
      await data.statusEvents.withdraw(event._id);
      const entries = await data.audit.of('Project', event.projectCode, `status:${event.kind}`);
      const setBy = entries.find((e) => (e.after as { eventId?: string })?.eventId === String(event._id));
      const before = (setBy?.before ?? {}) as Record<string, unknown>;
      const set: Record<string, unknown> = {};
      const unset: string[] = [];
      for (const [k, v] of Object.entries(before)) {
        if (v == null) unset.push(k);
        else set[k] = v;
      }
      const project = await data.library.project(event.projectCode);
      await data.library.updateProject(event.projectCode, set, unset);
      await data.audit.write([
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

    lastBy: (reporterId) => data.statusEvents.lastBy(reporterId),
  };
}
