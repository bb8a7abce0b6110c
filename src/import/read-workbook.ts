/** Reads an .xlsx into plain rows keyed by (normalised) column name, remembering Excel row numbers. */
import type ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { excelModule } from '../heavy-modules.ts';
import { type Cell, CellError, halfWidth, normalizeCell } from './cells.ts';

export interface SheetRow {
  /** The Excel row number, as the person sees it in the spreadsheet. */
  row: number;
  cells: Map<string, Cell>;
  /** Cells that held an Excel error value (#REF! …), by column. */
  cellErrors: Map<string, string>;
}

export interface SheetData {
  name: string;
  /** Header names present in the sheet, as `columnKey` gives them. */
  columns: Set<string>;
  headerRow: number;
  rows: SheetRow[];
}

/**
 * Header names compare after NFKC (full-width brackets → ASCII) and without spaces, so
 * 总投资（万元） and 总投资 (万元) both match 总投资(万元).
 */
export function columnKey(name: string): string {
  return halfWidth(name).replace(/\s+/g, '').toLowerCase();
}

export async function loadWorkbook(file: string | Buffer): Promise<ExcelJS.Workbook> {
  const wb = new (excelModule().Workbook)();
  try {
    if (typeof file === 'string') await wb.xlsx.readFile(file);
    else await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    const what = typeof file === 'string' ? file : '上传的文件';
    throw new AppError('import_invalid', `无法读取工作簿 ${what}：${(err as Error).message}`, {
      cause: err,
      expose: true,
    });
  }
  return wb;
}

/** The worksheet whose name matches `name` (ignoring surrounding spaces and full-width forms). */
export function findSheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return wb.worksheets.find((ws) => columnKey(ws.name) === columnKey(name));
}

/**
 * The header is the first row, within the first five, that contains `anchor` (the sheet's first
 * required column): a title line above the table is tolerated.
 */
export function readSheet(ws: ExcelJS.Worksheet, anchor: string): SheetData {
  let headerRow = 1;
  for (let r = 1; r <= Math.min(5, ws.rowCount); r++) {
    const values = headerValues(ws.getRow(r));
    if ([...values.values()].includes(columnKey(anchor))) {
      headerRow = r;
      break;
    }
  }
  const headers = headerValues(ws.getRow(headerRow));
  const rows: SheetRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const excelRow = ws.getRow(r);
    const cells = new Map<string, Cell>();
    const cellErrors = new Map<string, string>();
    let empty = true;
    for (const [col, name] of headers) {
      if (cells.has(name)) continue; // a repeated header: the first column wins
      let value: Cell = null;
      try {
        value = normalizeCell(excelRow.getCell(col).value);
      } catch (err) {
        if (!(err instanceof CellError)) throw err;
        cellErrors.set(name, err.message);
      }
      if (value !== null || cellErrors.has(name)) empty = false;
      cells.set(name, value);
    }
    if (!empty) rows.push({ row: r, cells, cellErrors });
  }
  return { name: ws.name, columns: new Set(headers.values()), headerRow, rows };
}

function headerValues(row: ExcelJS.Row): Map<number, string> {
  const out = new Map<number, string>();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    let v: Cell = null;
    try {
      v = normalizeCell(cell.value);
    } catch {
      v = null;
    }
    if (v !== null) out.set(col, columnKey(String(v)));
  });
  return out;
}
