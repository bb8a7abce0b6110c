/**
 * `importWorkbook`: loads the county's workbook (design.md, "Import workbook") into the library.
 * Each row is validated on its own; bad rows are reported with sheet, Excel row, column and a reason
 * in Chinese while good rows still load. Re-importing the same workbook changes nothing.
 */

import type ExcelJS from 'exceljs';
import type { AuditEntry, Data } from '../data/index.ts';
import { countyOf, projectRef } from '../domain/county.ts';
import { excelModule } from '../heavy-modules.ts';
import type { Logger } from '../logger.ts';
import { text } from './cells.ts';
import { personSheet, unitSheet } from './people-sheets.ts';
import { projectSheet } from './project-sheet.ts';
import { columnKey, findSheet, loadWorkbook, readSheet, type SheetData } from './read-workbook.ts';
import { groupSheet, holidaySheet, targetSheet } from './settings-sheets.ts';
import { type Fields, type ImportContext, parseRow, rowSchema, type SheetSpec } from './sheet-spec.ts';
import { upsertRow } from './upsert.ts';

/** In load order: people and units before the projects that name them, projects before groups. */
export const SHEETS: SheetSpec[] = [
  unitSheet,
  personSheet,
  projectSheet,
  groupSheet,
  targetSheet,
  holidaySheet,
];
export const SHEET_NAMES = SHEETS.map((s) => s.sheet);
const OPTIONAL_SHEETS = new Set(['节假日']);

export interface ImportError {
  sheet: string;
  /** Excel row number; the header row when the error concerns the whole sheet. */
  row: number;
  column: string;
  reason: string;
}

export interface SheetCounts {
  /** false when the workbook has no such sheet. */
  present: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

export interface ImportResult {
  sheets: Record<string, SheetCounts>;
  errors: ImportError[];
  /** Loaded, but worth a look: userids that are not in 人员. */
  warnings: ImportError[];
  /** Required sheets the workbook lacks (nothing was changed for them). */
  missingSheets: string[];
  created: number;
  updated: number;
  unchanged: number;
}

/** Where a sheet's import is: `done` of its `total` data rows handled (loaded, or refused). */
export interface RowProgress {
  sheet: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  /** Who imported, for the audit log (a userid, or the OS user for the CLI). */
  actor?: string;
  log?: Logger;
  progress?: (line: string) => void;
  /** Called before each row and once at the end of each sheet (done = total): cheap, not throttled. */
  onRows?: (p: RowProgress) => void;
  now?: () => Date;
  /**
   * The county of rows whose 县区 is empty or absent (`npm run import -- file --county 兴宾区`);
   * without it they belong to the deployment's home county (src/domain/county.ts).
   */
  county?: string;
}

/** `file`: a path, the file's bytes, or a workbook already loaded with `loadWorkbook`. */
export async function importWorkbook(
  data: Data,
  file: string | Buffer | ExcelJS.Workbook,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const say = opts.progress ?? (() => {});
  const actor = opts.actor ?? 'import';
  const wb = file instanceof excelModule().Workbook ? file : await loadWorkbook(file);
  const result: ImportResult = {
    sheets: {},
    errors: [],
    warnings: [],
    missingSheets: [],
    created: 0,
    updated: 0,
    unchanged: 0,
  };
  const ctx: ImportContext = { projectCodes: new Set(), countyLabel: '' };

  if (!SHEETS.some((s) => findSheet(wb, s.sheet))) {
    const found = wb.worksheets.map((w) => w.name).join('、') || '无';
    result.errors.push({
      sheet: '',
      row: 0,
      column: '',
      reason: `工作簿里没有可导入的工作表（应有 ${SHEET_NAMES.join('、')}；实际为 ${found}）`,
    });
    return result;
  }

  const refs: PersonRef[] = [];
  for (const spec of SHEETS) {
    const counts: SheetCounts = { present: false, rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0 };
    result.sheets[spec.sheet] = counts;
    const ws = findSheet(wb, spec.sheet);
    if (!ws) {
      if (!OPTIONAL_SHEETS.has(spec.sheet)) result.missingSheets.push(spec.sheet);
      continue;
    }
    counts.present = true;
    const sheet = readSheet(ws, spec.required[0]!);
    if (spec === groupSheet) {
      // Groups of one other county name its projects only: read those, not the whole city's.
      const county = opts.county?.trim();
      const one = county && county !== data.county && !sheet.columns.has(columnKey(COUNTY_COLUMN));
      const codes = await (one ? data.table('Project').find({ county }) : data.table('Project').all());
      ctx.projectCodes = new Set(codes.map((p) => String(p.code)));
    }
    await importSheet(data, spec, sheet, {
      ctx,
      counts,
      errors: result.errors,
      refs,
      actor,
      at: opts.now?.() ?? new Date(),
      say,
      onRows: opts.onRows,
      log: opts.log,
      county: opts.county?.trim() || undefined,
    });
    result.created += counts.created;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
  }
  result.warnings = await unknownPeople(data, refs);

  if (result.created + result.updated > 0) await data.library.changed();
  opts.log?.info(
    {
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      errors: result.errors.length,
    },
    'workbook imported',
  );
  return result;
}

interface PersonRef {
  sheet: string;
  row: number;
  column: string;
  ids: string[];
}

/** Userids the workbook names that nobody in 人员 has: allowed, but probably a typo. */
async function unknownPeople(data: Data, refs: PersonRef[]): Promise<ImportError[]> {
  if (refs.length === 0) return [];
  const known = new Set((await data.table('Person').all()).map((p) => String(p.userId)));
  return refs.flatMap((r) => {
    const missing = r.ids.filter((id) => !known.has(id));
    return missing.length
      ? [
          {
            sheet: r.sheet,
            row: r.row,
            column: r.column,
            reason: `账号「${missing.join('、')}」不在人员表中`,
          },
        ]
      : [];
  });
}

interface SheetRun {
  ctx: ImportContext;
  counts: SheetCounts;
  errors: ImportError[];
  refs: PersonRef[];
  actor: string;
  at: Date;
  say: (line: string) => void;
  onRows?: (p: RowProgress) => void;
  log?: Logger;
  county?: string;
}

/** The column that says which county a row belongs to (design.md "Several counties"). */
const COUNTY_COLUMN = '县区';

async function importSheet(store: Data, spec: SheetSpec, data: SheetData, run: SheetRun): Promise<void> {
  const { counts, say } = run;
  const table = store.table(spec.entity);
  const fail = (row: number, column: string, reason: string) => {
    run.errors.push({ sheet: spec.sheet, row, column, reason });
  };
  const missing = spec.required.filter((c) => !data.columns.has(columnKey(c)));
  if (missing.length) {
    fail(data.headerRow, missing.join('、'), `缺少必需的列「${missing.join('」「')}」，整张表未导入`);
    counts.errors = 1;
    say(`${spec.sheet}: 缺少列 ${missing.join('、')}，整张表跳过`);
    return;
  }
  counts.rows = data.rows.length;
  say(`${spec.sheet}（${data.rows.length} 行）…`);

  const home = store.county;
  // Rows are keyed within their county: an import of one county never finds another county's rows.
  // A person is one userid in the whole deployment, so people are found by userid alone and a row
  // naming someone of another county is refused.
  const scopedKey = (county: string, key: string) =>
    spec.noCounty || spec.oneAcrossCounties ? key : `${county}\u0000${key}`;
  // One read per sheet instead of one per row; sheets with their own lookup (群聊) still ask per row.
  // A sheet all of one other county (no 县区 column, --county) reads that county's rows only, so
  // importing a city county by county stays linear in the counties.
  const countyKey = columnKey(COUNTY_COLUMN);
  const whole = data.columns.has(countyKey) ? undefined : (run.county ?? home);
  const own = whole !== undefined && whole !== home && !spec.noCounty && !spec.oneAcrossCounties;
  const stored = spec.findExisting
    ? undefined
    : new Map(
        (await (own ? table.find({ county: whole }) : table.all())).map((d: Fields) => [
          scopedKey(countyOf(d, home), spec.keyOf(d)),
          d,
        ]),
      );
  const schema = rowSchema(spec);
  const seen = new Map<string, number>();
  const audits: AuditEntry[] = [];
  // New documents are validated one by one (a refused row is reported on its row) and written in
  // batches: one insert per document was most of an import's time on the embedded store.
  const batch: Array<{ doc: Fields; row: number; audit?: AuditEntry }> = [];
  const failedAudits = new Set<AuditEntry>();
  // Changed rows go the same way: one by one, each waited its turn in the embedded store's write queue
  // behind the chat's writes (42 s for 3,000 revised rows on a busy day).
  const updates: Array<{ id: unknown; set: Fields; unset: string[]; row: number; audit: AuditEntry }> = [];
  const flushUpdates = async () => {
    const items = updates.splice(0);
    if (!items.length) return;
    const outcomes = await table.updateMany(items);
    for (const [i, err] of outcomes.entries()) {
      const item = items[i];
      if (!err || !item) continue;
      fail(item.row, '', `写入失败：${err.message}`);
      counts.updated -= 1;
      counts.errors += 1;
      failedAudits.add(item.audit);
      run.log?.warn({ err: err.message, sheet: spec.sheet, row: item.row }, 'import row failed');
    }
  };
  const flush = async () => {
    await flushUpdates();
    const items = batch.splice(0);
    if (!items.length) return;
    try {
      await table.insertMany(items.map((i) => i.doc));
    } catch (err) {
      const writeErrors = (err as { writeErrors?: Array<{ index: number; errmsg?: string }> }).writeErrors;
      if (!writeErrors) throw err;
      for (const we of writeErrors) {
        const item = items[we.index];
        if (!item) continue;
        fail(item.row, '', `写入失败：${we.errmsg ?? (err as Error).message}`);
        counts.created -= 1;
        counts.errors += 1;
        if (item.audit) failedAudits.add(item.audit);
        run.log?.warn({ err: we.errmsg, sheet: spec.sheet, row: item.row }, 'import row failed');
      }
    }
  };
  const total = data.rows.length;
  const tick = (done: number) => run.onRows?.({ sheet: spec.sheet, done, total });
  for (const [index, row] of data.rows.entries()) {
    tick(index);
    const parsed = parseRow(spec, schema, row);
    const given = spec.noCounty ? undefined : (text(row.cells.get(countyKey) ?? null) ?? run.county);
    const county = given ?? home;
    let fields: Fields | undefined = parsed.ok ? parsed.fields : undefined;
    if (fields && given !== undefined) fields.county = given;
    if (fields && spec.inCounty) fields = spec.inCounty(fields, (code) => projectRef(code, county, home));
    run.ctx.countyLabel = county === home ? '' : county;
    let problems = fields ? (spec.check?.(fields, run.ctx) ?? []) : parsed.ok ? [] : parsed.errors;
    if (fields && problems.length === 0) {
      const key = spec.keyOf(fields);
      const first = seen.get(scopedKey(county, key));
      if (first !== undefined)
        problems = [{ column: spec.keyColumn, reason: `「${key}」与第${first}行重复，本行未导入` }];
      else seen.set(scopedKey(county, key), row.row);
      const other = stored?.get(scopedKey(county, key));
      if (spec.oneAcrossCounties && other && countyOf(other, home) !== county)
        problems = [
          {
            column: COUNTY_COLUMN,
            reason: `「${key}」已登记在${countyOf(other, home)}，不能再作为${county}的${spec.keyColumn}导入`,
          },
        ];
    }
    if (problems.length || !fields) {
      for (const p of problems) fail(row.row, p.column, p.reason);
      counts.errors += 1;
      continue;
    }
    for (const [column, ids] of Object.entries(spec.personRefs?.(fields) ?? {})) {
      if (ids.length) run.refs.push({ sheet: spec.sheet, row: row.row, column, ids });
    }
    try {
      const existing = stored ? (stored.get(scopedKey(county, spec.keyOf(fields))) ?? null) : undefined;
      let queued: { doc: Fields; row: number; audit?: AuditEntry } | undefined;
      const outcome = await upsertRow(
        spec,
        table,
        fields,
        { actor: run.actor, at: run.at },
        existing,
        async (doc) => {
          queued = { doc: await table.validate(doc), row: row.row };
          batch.push(queued);
        },
        { name: county, owns: (d) => countyOf(d, home) === county },
        async (id, set, unset, audit) => {
          updates.push({ id, set, unset, row: row.row, audit });
        },
      );
      counts[outcome.kind] += 1;
      if (outcome.audit) audits.push(outcome.audit);
      if (queued) queued.audit = outcome.audit;
      if (batch.length >= 500 || updates.length >= 200) await flush();
    } catch (err) {
      // The schema refused what the row parsers accepted: report it on the row, keep going.
      fail(row.row, '', `写入失败：${(err as Error).message}`);
      counts.errors += 1;
      run.log?.warn({ err, sheet: spec.sheet, row: row.row }, 'import row failed');
    }
  }
  await flush();
  await store.audit.write(audits.filter((a) => !failedAudits.has(a)));
  tick(total);
}
