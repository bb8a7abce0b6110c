import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import { AUDIT_VIA } from '../src/domain/vocabulary.ts';

/**
 * Every change to the library or to a problem: what changed, from what to what, who did it and from
 * which message. Append-only; nothing updates or deletes audit entries. A progress report is its own
 * record (models/progress-report.model.ts keeps who, when, from which message and what it replaced).
 */
const auditLogSchema = new Schema({
  /** Model name, e.g. 'Project', 'Problem'. */
  entity: { type: String, required: true },
  /** The entity's business key (project code, userid, problem number) as a string. */
  entityId: { type: String, required: true },
  /** 'create', 'update', 'withdraw' … */
  action: { type: String, required: true },
  fields: { type: [String], default: [] },
  /** Only the changed fields' old and new values (null on create). */
  before: { type: Schema.Types.Mixed },
  after: { type: Schema.Types.Mixed },
  actor: { type: String, required: true },
  sourceMsgId: { type: String },
  via: { type: String, required: true, enum: AUDIT_VIA },
  at: { type: Date, required: true, default: () => new Date() },
});

auditLogSchema.index({ entity: 1, entityId: 1, at: -1 });
auditLogSchema.index({ at: -1 });

export type AuditLog = InferSchemaType<typeof auditLogSchema>;
export const AuditLogModel = mongoose.model('AuditLog', auditLogSchema);
