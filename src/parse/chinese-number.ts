/**
 * Numbers as officials write them: "1200", "1,200", "3.2", "一千二百", "三点二", "两千",
 * "一亿二千万", mixed "1亿2千万", and the spoken shortcuts "一千二" (1200), "三万五" (35000).
 * Financial capitals (大写: 壹仟贰佰, 叁亿, 萬, 億) read like their plain forms, and the spoken
 * "1.2个亿" like "1.2亿". 万 and 亿 multiply; the caller decides what unit the result is in.
 *
 * Two Chinese digits side by side before a unit ("一千二三百", "五六十万") are a spoken range,
 * not a number: parseNumeral refuses them and `isSpokenRange` tells the caller why.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Array<[string, number]> = [
  ['亿', 100_000_000],
  ['万', 10_000],
];

/** 大写 numerals and their plain twins. */
const CAPITALS: Record<string, string> = {
  壹: '一',
  贰: '二',
  貳: '二',
  叁: '三',
  參: '三',
  肆: '四',
  伍: '五',
  陆: '六',
  陸: '六',
  柒: '七',
  捌: '八',
  玖: '九',
  拾: '十',
  佰: '百',
  仟: '千',
  萬: '万',
  億: '亿',
};
const CAPITAL_RE = new RegExp(`[${Object.keys(CAPITALS).join('')}]`, 'g');

export const CAPITAL_CHARS = Object.keys(CAPITALS).join('');
export const NUMERAL_CHARS = `0-9零〇一二两三四五六七八九十百千万亿点.,${CAPITAL_CHARS}`;
/** Characters that make a run a Chinese (not arabic) numeral. */
export const CN_DIGIT_CHARS = `零〇一二两三四五六七八九十${CAPITAL_CHARS}`;

/** 大写 → plain numerals, and "1.2个亿" → "1.2亿". */
export function plainNumerals(s: string): string {
  return s.replace(CAPITAL_RE, (c) => CAPITALS[c] ?? c).replace(/个(?=[亿万])/g, '');
}

/** "一千二三百", "五六十万", "十七八亿": two adjacent digits 1–9 before a unit are a range. */
export function isSpokenRange(raw: string): boolean {
  // Digits after 点 are decimals ("三点三五亿"), not a range.
  const whole = plainNumerals(raw).replace(/点[零〇一二两三四五六七八九]+/g, '点');
  return /[一二两三四五六七八九][一二两三四五六七八九][十百千万亿]/.test(whole);
}

const ARABIC = /^\d+(?:\.\d+)?$/;

function digitValue(c: string): number | undefined {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  return DIGITS[c];
}

/** A single digit after a big unit means the next unit down: 一亿二 = 1.2亿, 三万五 = 3.5万. */
function isSingleDigit(s: string): boolean {
  return s.length === 1 && digitValue(s) !== undefined;
}

/** Below 万: digits with 十/百/千, arabic runs, and 点 decimals. */
function parseSmall(s: string): number | undefined {
  if (s === '') return undefined;
  if (ARABIC.test(s)) return Number(s);
  const dot = s.indexOf('点');
  if (dot >= 0) {
    const whole = dot === 0 ? 0 : parseSmall(s.slice(0, dot));
    const frac = s.slice(dot + 1);
    if (whole === undefined || frac === '') return undefined;
    let digits = '';
    for (const c of frac) {
      const d = digitValue(c);
      if (d === undefined) return undefined;
      digits += String(d);
    }
    return Number(`${whole}.${digits}`);
  }
  let total = 0;
  let current: number | undefined;
  let lastUnit = 0;
  let zeroSince = false;
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    const run = /^\d+(?:\.\d+)?/.exec(rest);
    if (run) {
      current = Number(run[0]);
      i += run[0].length;
      continue;
    }
    const c = s[i]!;
    i += 1;
    const unit = SMALL_UNITS[c];
    if (unit !== undefined) {
      if (lastUnit && unit >= lastUnit) return undefined;
      total += (current ?? 1) * unit;
      current = undefined;
      lastUnit = unit;
      zeroSince = false;
      continue;
    }
    const d = DIGITS[c];
    if (d === undefined) return undefined;
    if (d === 0) {
      zeroSince = true;
      continue;
    }
    current = current === undefined ? d : current * 10 + d;
  }
  if (current !== undefined) {
    total += lastUnit && !zeroSince && current < 10 ? (current * lastUnit) / 10 : current;
  }
  return total;
}

function parseBig(s: string, level: number): number | undefined {
  if (level >= BIG_UNITS.length) return parseSmall(s);
  const [ch, value] = BIG_UNITS[level]!;
  const at = s.indexOf(ch);
  if (at < 0) return parseBig(s, level + 1);
  const head = s.slice(0, at);
  const headValue = head === '' ? undefined : parseBig(head, level + 1);
  if (headValue === undefined) return undefined;
  let tail = s.slice(at + 1);
  if (tail === '') return headValue * value;
  if (isSingleDigit(tail)) return headValue * value + (digitValue(tail)! * value) / 10;
  tail = tail.replace(/^[零〇]+/, '');
  const tailValue = parseBig(tail, level + 1);
  if (tailValue === undefined) return undefined;
  return headValue * value + tailValue;
}

/**
 * Parses a whole numeral; `undefined` when any character is not part of a number.
 * Commas are accepted only as thousands separators ("1,200", not "1,2").
 */
export function parseNumeral(raw: string): number | undefined {
  let s = plainNumerals(raw.replace(/\s+/g, ''));
  if (isSpokenRange(s)) return undefined;
  if (s === '') return undefined;
  if (s.includes(',')) {
    if (!/^\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[^\d,].*)?$/.test(s)) return undefined;
    s = s.replace(/,/g, '');
  }
  if (ARABIC.test(s)) return Number(s);
  if (!/[0-9零〇一二两三四五六七八九十]/.test(s)) return undefined;
  if (/\.\D|\.$|^\./.test(s)) return undefined;
  const value = parseBig(s, 0);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
