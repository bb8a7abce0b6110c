/**
 * Cell parsers for the workbook: each takes a normalised cell value and returns the stored form or
 * throws CellError with a reason in plain Chinese, which the import shows next to sheet, row and column.
 */
import type { CellValue } from 'exceljs';
import { yuanFromWan } from '../domain/money.ts';

/** A cell's value after unwrapping rich text, hyperlinks and formulas; empty text becomes null. */
export type Cell = string | number | boolean | Date | null;

export class CellError extends Error {}

export function normalizeCell(v: CellValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'string') {
    const t = v.replace(/\u00a0/g, ' ').trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if ('richText' in v) return normalizeCell(v.richText.map((r) => r.text).join(''));
  if ('hyperlink' in v) return normalizeCell(typeof v.text === 'string' ? v.text : v.hyperlink);
  if ('result' in v) return normalizeCell(v.result as CellValue);
  if ('formula' in v || 'sharedFormula' in v) return null;
  if ('error' in v) throw new CellError(`单元格是错误值 ${v.error}`);
  return null;
}

/** Full-width digits, letters and punctuation (常见于中文输入法) to their ASCII forms. */
export function halfWidth(s: string): string {
  return s.normalize('NFKC');
}

export function text(v: Cell): string | null {
  if (v === null) return null;
  if (v instanceof Date) return isoDay(v);
  return String(v).trim() || null;
}

export function requiredText(v: Cell, label: string): string {
  const t = text(v);
  if (t === null) throw new CellError(`${label}不能为空`);
  return t;
}

/** Splits 、 , ， ; ； and line breaks; blanks dropped, duplicates kept once. */
export function list(v: Cell): string[] {
  const t = text(v);
  if (t === null) return [];
  return [
    ...new Set(
      t
        .split(/[、,，;；\n\r]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export function oneOf<T extends string>(
  v: Cell,
  label: string,
  values: readonly T[],
  aliases: Record<string, T> = {},
): T {
  const raw = requiredText(v, label);
  const t = aliases[raw] ?? raw;
  if (!(values as readonly string[]).includes(t)) throw new CellError(notInList(label, raw, values));
  return t as T;
}

export function someOf<T extends string>(v: Cell, label: string, values: readonly T[]): T[] {
  const items = list(v);
  for (const item of items) {
    if (!(values as readonly string[]).includes(item)) throw new CellError(notInList(label, item, values));
  }
  return items as T[];
}

function notInList(label: string, got: string, values: readonly string[]): string {
  return `${label}「${got}」不在可选值中（${values.join('、')}）`;
}

const USERID_RE = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/** WeCom userids: letters, digits, _ . @ - (the 账号 in the admin console). */
export function userIds(v: Cell, label: string): string[] {
  const ids = list(v);
  for (const id of ids) {
    if (!USERID_RE.test(id)) {
      throw new CellError(`${label}「${id}」不是企业微信账号（应为字母数字组成的 userid，如 zhangwei）`);
    }
  }
  return ids;
}

export function userId(v: Cell, label: string): string {
  const ids = userIds(v, label);
  if (ids.length === 0) throw new CellError(`${label}不能为空`);
  if (ids.length > 1) throw new CellError(`${label}只能填一个账号`);
  return ids[0]!;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDay(d: Date): string {
  // exceljs reads date cells as UTC midnight; round to the minute against float noise in the serial.
  const t = new Date(Math.round(d.getTime() / 60_000) * 60_000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

function validDay(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date: Excel date cells and serial numbers, 2021-08-01, 2021/8/1, 2021.8.1, 2021年8月1日(号).
 * With `monthOk`, 2021-08 and 2021年8月 are accepted and kept as YYYY-MM.
 */
export function day(v: Cell, label: string, opts: { monthOk?: boolean } = {}): string | null {
  if (v === null) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new CellError(`${label}不是有效日期`);
    return isoDay(v);
  }
  if (typeof v === 'number') {
    if (v > 20_000 && v < 80_000) return isoDay(new Date(EXCEL_EPOCH + Math.round(v) * 86_400_000));
    throw new CellError(`${label}「${v}」不是日期（应为 2021-08-01 这样的日期）`);
  }
  const t = halfWidth(String(v)).replace(/\s+/g, '');
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(t);
  if (full) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    if (!validDay(y, m, d)) throw new CellError(`${label}「${v}」不是有效日期`);
    return `${y}-${pad(m)}-${pad(d)}`;
  }
  const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t);
  if (month && opts.monthOk) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) throw new CellError(`${label}「${v}」不是有效月份`);
    return `${y}-${pad(m)}`;
  }
  const want = opts.monthOk ? '2021-08-01 或 2021-08' : '2021-08-01';
  throw new CellError(`${label}「${v}」不是日期（应为 ${want} 这样的格式）`);
}

export function requiredDay(v: Cell, label: string): string {
  const d = day(v, label);
  if (d === null) throw new CellError(`${label}不能为空`);
  return d;
}

/** An amount in 万元 (number, or text with thousands separators and an optional 万元) → integer 元. */
export function wanToYuan(v: Cell, label: string): number | null {
  if (v === null) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = halfWidth(v)
      .replace(/[,\s]/g, '')
      .replace(/万元?$/, '');
    n = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
  } else n = Number.NaN;
  if (!Number.isFinite(n))
    throw new CellError(`${label}「${String(v)}」不是数字（单位万元，如 1200 或 1,200.5）`);
  if (n < 0) throw new CellError(`${label}不能为负数`);
  return yuanFromWan(n);
}

export function requiredWanToYuan(v: Cell, label: string): number {
  const n = wanToYuan(v, label);
  if (n === null) throw new CellError(`${label}不能为空`);
  return n;
}

export function year(v: Cell, label: string): number {
  const t = text(v);
  if (t === null) throw new CellError(`${label}不能为空`);
  const m = /^(\d{4})年?$/.exec(halfWidth(t));
  const y = m ? Number(m[1]) : Number.NaN;
  if (!(y >= 2000 && y <= 2100)) throw new CellError(`${label}「${t}」不是年份（如 2021）`);
  return y;
}

/** 审批事项: `用地报批:2021-09-30;环评批复:2021-08-15`. */
export function approvals(v: Cell, label: string): Array<{ name: string; deadline: string }> {
  const t = text(v);
  if (t === null) return [];
  const items = t
    .split(/[;；\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.map((item) => {
    const m = /^(.+?)\s*[:：]\s*(.+)$/.exec(item);
    if (!m) throw new CellError(`${label}「${item}」应写成 名称:期限，如 用地报批:2021-09-30`);
    const deadline = day(m[2]!, `${label}「${m[1]}」的期限`);
    return { name: m[1]!.trim(), deadline: deadline! };
  });
}

/** Real keys are UUIDs; fakes and test servers use other URL-safe tokens. */
const KEY_RE = /^[A-Za-z0-9_.~-]{1,128}$/;

/** A robot webhook: the full URL or only its key; only the key is stored. */
export function webhookKey(v: Cell, label: string): string | null {
  const t = text(v);
  if (t === null) return null;
  if (KEY_RE.test(t)) return t;
  let url: URL | undefined;
  try {
    url = new URL(t);
  } catch {
    url = undefined;
  }
  const key = url?.searchParams.get('key');
  if (url && /^https?:$/.test(url.protocol) && key && KEY_RE.test(key)) return key;
  throw new CellError(
    `${label}「${t.length > 60 ? `${t.slice(0, 60)}…` : t}」不是机器人 Webhook 地址或 key（应为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… 或其中的 key）`,
  );
}
