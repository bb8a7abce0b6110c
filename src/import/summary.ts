/** The import's report for people: one line per sheet, then one line per error. */
import type { ImportError, ImportResult } from './import-workbook.ts';

export function formatError(e: ImportError): string {
  if (!e.sheet) return e.reason;
  const where = e.row > 0 ? ` 第${e.row}行` : '';
  return `${e.sheet}${where}${e.column ? ` ${e.column}` : ''}: ${e.reason}`;
}

export function formatSummary(result: ImportResult): string[] {
  const lines: string[] = [];
  for (const [sheet, c] of Object.entries(result.sheets)) {
    const name = sheet;
    if (!c.present) {
      lines.push(`${name}: 未提供`);
      continue;
    }
    lines.push(`${name}: 新增 ${c.created} · 更新 ${c.updated} · 未变 ${c.unchanged} · 错误 ${c.errors}`);
  }
  lines.push(
    `合计: 新增 ${result.created} · 更新 ${result.updated} · 未变 ${result.unchanged} · 错误 ${result.errors.length}`,
  );
  if (result.missingSheets.length)
    lines.push(`缺少工作表: ${result.missingSheets.join('、')}（这些内容未变）`);
  if (result.errors.length) {
    lines.push('', `以下 ${result.errors.length} 处有误，这些行未导入（其余行已导入）:`);
    for (const e of result.errors) lines.push(`  ${formatError(e)}`);
  }
  if (result.warnings.length) {
    lines.push('', `提示（已导入，请核对）:`);
    for (const w of result.warnings) lines.push(`  ${formatError(w)}`);
  }
  return lines;
}
