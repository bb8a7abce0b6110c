/**
 * Problem (and 督办事项) numbers: "#12", "＃12" (normalised to '#'), "问题12", "问题#12", "12号",
 * "第12号", "第12号问题", "督办12", "事项12", "No.12", and as people also say them: "第7个问题",
 * "7号问题", "七号问题", "第七个问题", "井号7" (a voice transcript of "#7").
 * Chinese numerals count only with 问题/事项/督办 or 第…个 around them, so "八月十二号" stays a date.
 */
import { parseNumeral } from './chinese-number.ts';

export interface ProblemRefToken {
  problemNo: number;
  start: number;
  end: number;
}

const CN = '[零〇一二两三四五六七八九十百千]{1,6}';
const KIND = '(?:问题|事项|督办事项|督办|任务)';

const REF = new RegExp(
  [
    '#\\s*(\\d{1,7})(?!\\d)',
    '(?:问题|督办|事项|任务|编号|No\\.?)\\s*#?\\s*(\\d{1,7})(?![\\d月日])\\s*号?(?:问题|事项)?',
    `第\\s*(\\d{1,7}|${CN})\\s*(?:个|号|件|项)\\s*${KIND}`,
    '第\\s*(\\d{1,7})\\s*号\\s*(?:问题|事项|督办)?',
    `(?<![\\d.\\-/年月${'零〇一二两三四五六七八九十'}])(${CN})\\s*号\\s*${KIND}`,
    '(?<![\\d.\\-/年月])(\\d{1,7})\\s*号(?:问题|事项|督办)?(?![\\d楼院])',
    `井号\\s*(\\d{1,7}|${CN})(?![\\d])`,
  ].join('|'),
  'gi',
);

/** Every problem reference in the text, in order. Dates such as "8月12号" are not references. */
export function findProblemRefs(text: string): ProblemRefToken[] {
  const out: ProblemRefToken[] = [];
  for (const m of text.matchAll(REF)) {
    const digits = m.slice(1).find((g) => g !== undefined);
    if (digits === undefined) continue;
    const problemNo = /^\d+$/.test(digits) ? Number(digits) : parseNumeral(digits);
    if (problemNo === undefined || !Number.isSafeInteger(problemNo) || problemNo <= 0) continue;
    out.push({ problemNo, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The number when the whole text (trimmed) is one reference, e.g. "#12" or "第12号". */
export function parseProblemRef(text: string): number | undefined {
  const s = text.trim();
  const refs = findProblemRefs(s);
  const only = refs[0];
  return refs.length === 1 && only && only.start === 0 && only.end === s.length ? only.problemNo : undefined;
}

/** A reference at the very start of the text and how many characters it took (with the space after). */
export function matchProblemRefPrefix(text: string): { problemNo: number; consumed: number } | undefined {
  const first = findProblemRefs(text)[0];
  if (!first || text.slice(0, first.start).trim() !== '') return undefined;
  const after = /^\s*/.exec(text.slice(first.end))![0].length;
  return { problemNo: first.problemNo, consumed: first.end + after };
}
