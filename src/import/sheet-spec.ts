/**
 * How one workbook sheet maps onto one model: its columns (each with a cell parser), the columns that
 * must be present, how a parsed row becomes the stored fields, and the key that makes re-import
 * idempotent. Row validation runs through zod so every bad cell of a row is reported, not only the first.
 */
import { z } from 'zod';
import type { Fields, LibraryEntity, LibraryTable } from '../data/index.ts';
import { type Cell, CellError } from './cells.ts';
import { columnKey, type SheetRow } from './read-workbook.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsers return whatever their column stores
export type ColumnParsers = Record<string, (v: Cell) => any>;

export type ParsedRow<C extends ColumnParsers> = { [K in keyof C]: ReturnType<C[K]> | undefined };

/** Stored fields of one row: undefined = column absent, leave the field alone; null = clear it. */
export type { Fields } from '../data/index.ts';

export interface ImportContext {
  /** Project codes in the library after the 项目库 sheet was loaded. */
  projectCodes: Set<string>;
  /** The row's county as an error says it: '' in a one-county import, else e.g. '兴宾区'. */
  countyLabel: string;
}

/** The county a row belongs to, and whether a stored document is of that county. */
export interface RowCounty {
  name: string;
  owns(doc: Fields): boolean;
}

export interface SheetSpec<C extends ColumnParsers = ColumnParsers> {
  sheet: string;
  /** The table it loads into; also the audit log's entity name. */
  entity: LibraryEntity;
  columns: C;
  /** Columns whose absence makes the whole sheet unusable. */
  required: string[];
  /** The column holding the row's key: duplicates within the sheet are reported there. */
  keyColumn: string;
  toFields(row: ParsedRow<C>): Fields;
  /** The business key, for the audit log and duplicate detection. */
  keyOf(fields: Fields): string;
  /** The stored document this row updates (default: by `filter`). */
  filter(fields: Fields): Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: lean documents of any table
  findExisting?(fields: Fields, table: LibraryTable, county: RowCounty): Promise<any>;
  /** Adjusts the new fields given the stored document (e.g. keep state set from chat). */
  // biome-ignore lint/suspicious/noExplicitAny: lean documents of any model
  merge?(existing: any, fields: Fields): Fields;
  check?(fields: Fields, ctx: ImportContext): Array<{ column: string; reason: string }>;
  /** Userids the row names, by column, to warn about ones missing from 人员. */
  personRefs?(fields: Fields): Record<string, string[]>;
  /** A key unique in the whole deployment (a person's userid), not only within a county. */
  oneAcrossCounties?: boolean;
  /** Holidays are the whole deployment's: no 县区, one row per date. Default: rows belong to a county. */
  noCounty?: boolean;
  /**
   * The fields as stored in the row's county: project codes become the county's stored codes
   * (src/domain/county.ts projectRef).
   */
  inCounty?(fields: Fields, ref: (code: string) => string): Fields;
}

export function defineSheet<C extends ColumnParsers>(spec: SheetSpec<C>): SheetSpec<C> {
  return spec;
}

const ABSENT = Symbol('absent column');

function column(parse: (v: Cell) => unknown) {
  return z.unknown().transform((v, ctx) => {
    if (v === ABSENT) return undefined;
    try {
      return parse(v as Cell);
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
      return z.NEVER;
    }
  });
}

export type RowOutcome =
  | { ok: true; fields: Fields }
  | { ok: false; errors: Array<{ column: string; reason: string }> };

export function rowSchema(spec: SheetSpec) {
  return z.object(Object.fromEntries(Object.entries(spec.columns).map(([name, p]) => [name, column(p)])));
}

/** Validates one row; a column missing from the sheet parses as undefined (field left alone). */
export function parseRow(spec: SheetSpec, schema: ReturnType<typeof rowSchema>, row: SheetRow): RowOutcome {
  const input: Record<string, unknown> = {};
  const errors: Array<{ column: string; reason: string }> = [];
  for (const name of Object.keys(spec.columns)) {
    const key = columnKey(name);
    input[name] = row.cells.has(key) ? row.cells.get(key) : ABSENT;
    const reason = row.cellErrors.get(key);
    if (reason) {
      errors.push({ column: name, reason });
      input[name] = ABSENT;
    }
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors.push({ column: String(issue.path[0] ?? ''), reason: issue.message });
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  return { ok: true, fields: spec.toFields(parsed.data as ParsedRow<ColumnParsers>) };
}
