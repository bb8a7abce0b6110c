/**
 * The audit log (数出有据) of the library and of problems: append-only. Progress reports carry their
 * own record (who, when, from which message, what they replaced): `trail` reads both.
 */
import { type AuditLog, AuditLogModel } from '../../models/audit-log.model.ts';
import type { AuditVia } from '../domain/vocabulary.ts';
import type { FiguresRepo } from './figures.ts';

export type AuditEntry = Omit<AuditLog, 'at' | 'fields' | 'via'> & {
  at?: Date;
  fields?: string[];
  via: AuditVia;
};
export type AuditRecord = Omit<AuditLog, 'at'> & { at: Date };

export interface AuditRepo {
  write(entries: AuditEntry[]): Promise<void>;
  /** Entries of one entity, oldest first. */
  of(entity: string, entityId: string, action?: string): Promise<AuditRecord[]>;
  /** Everything one message changed: audit entries, and the reports it stored or withdrew. */
  trail(msgId: string): Promise<AuditRecord[]>;
}

export function createAuditRepo(deps: { figures: FiguresRepo }): AuditRepo {
  return {
    async write(entries) {
      if (entries.length) await AuditLogModel.insertMany(entries);
    },
    async of(entity, entityId, action) {
      return AuditLogModel.find({ entity, entityId, ...(action ? { action } : {}) })
        .sort({ at: 1 })
        .lean<AuditRecord[]>();
    },
    async trail(msgId) {
      const [entries, reports] = await Promise.all([
        AuditLogModel.find({ sourceMsgId: msgId }).lean<AuditRecord[]>(),
        deps.figures.trailOf(msgId),
      ]);
      return [...entries, ...reports].sort((a, b) => a.at.getTime() - b.at.getTime());
    },
  };
}
