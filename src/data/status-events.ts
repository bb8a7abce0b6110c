/** 开工 / 竣工 / 投产 events as stored; the project's own fields are set through the library. */
import type { Types } from 'mongoose';
import { type StatusEvent, StatusEventModel } from '../../models/status-event.model.ts';
import type { StatusEventKind } from '../domain/vocabulary.ts';

export type StatusEventDoc = StatusEvent & { _id: Types.ObjectId; createdAt: Date };

export interface StatusEventsRepo {
  /** The current event of this kind for the project (the one a new report replaces). */
  currentOf(projectCode: string, kind: StatusEventKind): Promise<StatusEventDoc | null>;
  create(event: Omit<StatusEvent, 'state' | 'createdAt' | 'updatedAt'>): Promise<StatusEventDoc>;
  withdraw(id: Types.ObjectId): Promise<void>;
  /** The sender's newest current event. */
  lastBy(reporterId: string): Promise<StatusEventDoc | null>;
  /** Current events that happened by `day`, by date. */
  upTo(day: string): Promise<StatusEventDoc[]>;
  /** Current events that happened on `date` or were reported in [from, to), by date. */
  ofDay(date: string, from: Date, to: Date): Promise<StatusEventDoc[]>;
  /** Every event of a project, newest first. */
  ofProject(projectCode: string): Promise<StatusEventDoc[]>;
  fromMessage(msgId: string): Promise<StatusEventDoc[]>;
}

export function createStatusEventsRepo(): StatusEventsRepo {
  return {
    currentOf: async (projectCode, kind) =>
      StatusEventModel.findOne({ projectCode, kind, state: 'current' }).lean<StatusEventDoc>(),
    async create(event) {
      const doc = await StatusEventModel.create({ ...event, state: 'current' });
      return doc.toObject() as StatusEventDoc;
    },
    async withdraw(id) {
      await StatusEventModel.updateOne({ _id: id }, { $set: { state: 'withdrawn' } });
    },
    lastBy: async (reporterId) =>
      StatusEventModel.findOne({ reporterId, state: 'current' })
        .sort({ createdAt: -1 })
        .lean<StatusEventDoc>(),
    upTo: async (day) =>
      StatusEventModel.find({ state: 'current', date: { $lte: day } })
        .sort({ date: 1 })
        .lean<StatusEventDoc[]>(),
    ofDay: async (date, from, to) =>
      StatusEventModel.find({ state: 'current', $or: [{ date }, { createdAt: { $gte: from, $lt: to } }] })
        .sort({ date: 1 })
        .lean<StatusEventDoc[]>(),
    ofProject: async (projectCode) =>
      StatusEventModel.find({ projectCode }).sort({ createdAt: -1 }).lean<StatusEventDoc[]>(),
    fromMessage: async (msgId) => StatusEventModel.find({ sourceMsgId: msgId }).lean<StatusEventDoc[]>(),
  };
}
