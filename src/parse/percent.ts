/**
 * Percentages of 形象进度: "60%", "60％", "完成60%", "百分之六十", "六成", "六成五" (65%).
 * Values above 100 are not a progress share and are refused (undefined).
 */
import { parseNumeral } from './chinese-number.ts';

export interface PercentToken {
  value: number;
  start: number;
  end: number;
}

const CN = '零〇一二两三四五六七八九十百点';
const PATTERN = new RegExp(
  `(\\d+(?:\\.\\d+)?)\\s*%|百分之([${CN}\\d.]+)|([一二三四五六七八九十\\d])成([一二三四五六七八九\\d])?(?![本型果品立交])`,
  'g',
);

function fromMatch(m: RegExpMatchArray): number | undefined {
  let value: number | undefined;
  if (m[1] !== undefined) value = Number(m[1]);
  else if (m[2] !== undefined) value = m[2] === '百' ? 100 : parseNumeral(m[2]);
  else if (m[3] !== undefined) {
    const tens = parseNumeral(m[3]);
    const ones = m[4] !== undefined ? parseNumeral(m[4]) : 0;
    value = tens !== undefined && ones !== undefined && tens <= 10 ? tens * 10 + ones : undefined;
  }
  if (value === undefined || !Number.isFinite(value) || value < 0 || value > 100) return undefined;
  return value;
}

/** Every percentage in the text, in order. */
export function findPercents(text: string): PercentToken[] {
  const out: PercentToken[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const value = fromMatch(m);
    if (value !== undefined) out.push({ value, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The first percentage in the text, e.g. "路基完成60%" → 60. */
export function parsePercent(text: string): number | undefined {
  return findPercents(text)[0]?.value;
}
