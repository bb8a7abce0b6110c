/**
 * Writes one parsed row: creates the document, or updates only the fields whose value changed, and
 * audits exactly what it wrote. Comparing canonical forms makes a second import of the same workbook
 * a no-op (no write, no audit, no updatedAt bump).
 */
import type { AuditEntry, LibraryTable } from '../data/index.ts';
import type { Fields, RowCounty, SheetSpec } from './sheet-spec.ts';

export type UpsertOutcome = { kind: 'created' | 'updated' | 'unchanged'; audit?: AuditEntry };

/** A value's comparable form: null, undefined, '' and [] mean "nothing"; Dates and ids as strings. */
export function canonical(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.length ? v.map(canonical) : undefined;
  if (typeof v === 'object') {
    if (typeof (v as { toHexString?: unknown }).toHexString === 'function') return String(v);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

export async function upsertRow(
  spec: SheetSpec,
  table: LibraryTable,
  input: Fields,
  audit: { actor: string; at: Date },
  /** The stored document when the caller already read it (null: none); undefined: look it up. */
  preloaded: Fields | null | undefined,
  /** Writes a new document; the import batches them. */
  create: (doc: Fields) => Promise<unknown>,
  /** The row's county, for a sheet that looks its documents up itself (群聊). */
  county?: RowCounty,
  /** Writes the changed fields of a stored document; the import batches them too. */
  update: (id: unknown, set: Fields, unset: string[], audit: AuditEntry) => Promise<unknown> = (
    id,
    set,
    unset,
  ) => table.update(id, set, unset),
): Promise<UpsertOutcome> {
  const existing =
    preloaded !== undefined
      ? preloaded
      : spec.findExisting && county
        ? await spec.findExisting(input, table, county)
        : await table.findOne(spec.filter(input));
  const fields = spec.merge ? spec.merge(existing, input) : input;
  const entityId = spec.keyOf(fields);

  if (!existing) {
    const doc: Fields = {};
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) doc[k] = v;
    await create(doc);
    return {
      kind: 'created',
      audit: {
        entity: spec.entity,
        entityId,
        action: 'create',
        fields: Object.keys(doc),
        before: null,
        after: plain(doc),
        actor: audit.actor,
        via: 'import',
        at: audit.at,
      },
    };
  }

  const set: Fields = {};
  const unset: string[] = [];
  const before: Fields = {};
  const after: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || sameValue(existing[k], v)) continue;
    if (v === null) unset.push(k);
    else set[k] = v;
    before[k] = plain(existing[k]);
    after[k] = plain(v);
  }
  const changed = Object.keys(after);
  if (changed.length === 0) return { kind: 'unchanged' };
  const updateAudit: AuditEntry = {
    entity: spec.entity,
    entityId,
    action: 'update',
    fields: changed,
    before,
    after,
    actor: audit.actor,
    via: 'import',
    at: audit.at,
  };
  await update(existing._id, set, unset, updateAudit);
  return { kind: 'updated', audit: updateAudit };
}
