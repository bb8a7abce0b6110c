/**
 * Money as typed in chat → integer 元.
 *
 * Units: 元, 万 / 万元 / w, 亿 / 亿元, and anything parseNumeral reads (一千二百万, 3.2亿, 1,200万,
 * 壹仟贰佰万元, 1.2个亿).
 * A bare number with no unit is taken as 万元, the unit of the workbook and of every figure in the
 * county's reports ("完成投资1200" means 1200万元); pass `bareUnit: 'yuan'` where that is not so.
 * Refused with a reason: negative amounts, and amounts of 1000亿元 or more (a county project's
 * month never comes near; such a figure is a unit slip).
 *
 * Approximate figures ("1200多万", "3亿余元") read as their round number with `approx` set, and a
 * spoken range ("一千二三百万") is not read at all: the caller must ask rather than store a guess.
 */
import {
  CN_DIGIT_CHARS,
  isSpokenRange,
  NUMERAL_CHARS,
  parseNumeral,
  plainNumerals,
} from './chinese-number.ts';

export const MAX_AMOUNT_YUAN = 100_000_000_000;

export type AmountResult =
  | { ok: true; yuan: number; bare: boolean; approx?: true }
  | { ok: false; reason: string; range?: true };

export interface AmountOptions {
  bareUnit?: 'wan' | 'yuan';
}

export function parseAmount(text: string, options: AmountOptions = {}): AmountResult {
  let s = plainNumerals(text.replace(/\s+/g, '').replace(/^(?:人民币|约|共|计|合计|¥|￥|RMB)/i, ''));
  if (s === '') return { ok: false, reason: '没有金额' };
  if (isSpokenRange(s))
    return { ok: false, reason: `"${text.trim()}"是个大概范围，请给出确切金额`, range: true };
  let approx = false;
  s = s.replace(/(?<=[\d一二两三四五六七八九十百千万亿])(?:多|余)(?=[万亿元]|$)/, () => {
    approx = true;
    return '';
  });
  const negative = /^[-−负]/.test(s);
  if (negative) s = s.slice(1);
  let hasYuan = false;
  if (s.endsWith('元')) {
    hasYuan = true;
    s = s.slice(0, -1);
  }
  s = s.replace(/[wW]$/, '万');
  const value = parseNumeral(s);
  if (value === undefined) return { ok: false, reason: `看不懂金额"${text.trim()}"` };
  const bare = !hasYuan && !/[万亿]/.test(s);
  const multiplier = bare && (options.bareUnit ?? 'wan') === 'wan' ? 10_000 : 1;
  const yuan = Math.round(value * multiplier);
  if (negative && yuan !== 0) return { ok: false, reason: '金额不能为负数' };
  if (!Number.isFinite(yuan) || yuan >= MAX_AMOUNT_YUAN) {
    return { ok: false, reason: `金额"${text.trim()}"超过1000亿元，请核对单位` };
  }
  return approx ? { ok: true, yuan, bare, approx: true } : { ok: true, yuan, bare };
}

export interface AmountToken {
  start: number;
  end: number;
  raw: string;
  result: AmountResult;
  /** True when the token carried 元/万/亿 itself. */
  hasUnit: boolean;
}

// A comma belongs to a number only as a thousands separator: "1,200万" but not "1200万,1-8月".
const NUMERAL_PART = `(?:[${NUMERAL_CHARS.replace(',', '')}]|,(?=\\d{3}(?!\\d)))`;
// The unit may follow "多"/"余" ("1200多万") or the spoken "个" ("1.2个亿").
const TOKEN = new RegExp(
  `([-−负]?)(${NUMERAL_PART}*[0-9${CN_DIGIT_CHARS}]${NUMERAL_PART}*)(?:\\s*((?:多|余)?\\s*(?:个\\s*)?)(亿元|万元|元|亿|万|[wW](?![a-zA-Z])))?`,
  'g',
);
// What may follow a bare number for it to still be money: the end, a space or a separator.
const BARE_FOLLOW = /^(?:$|[\s,;、。)）])/;

/**
 * Money-looking tokens in free text, in order. A token counts when it has a unit (万, 亿, 元, w)
 * or is a bare arabic number standing alone (not "7月", "3户", "60%"). Chinese numerals need a
 * unit, so "一期" or "三江口" are never money.
 */
export function findAmounts(text: string, options: AmountOptions = {}): AmountToken[] {
  const out: AmountToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let numeral = m[2]!;
    const suffix = (m[3] ?? '').replace(/\s+/g, '') + (m[4] ?? '');
    // A trailing '.' or ',' ends the sentence, it is not part of the number.
    const trimmed = numeral.replace(/[.,点]+$/, '');
    let end = m.index! + m[0].length;
    if (trimmed !== numeral) {
      if (suffix) continue;
      end -= numeral.length - trimmed.length;
      numeral = trimmed;
    }
    if (numeral === '') continue;
    const sign = m[1] ?? '';
    // "1-7月": a dash after a digit is a range, not a sign.
    const signIsReal = sign !== '' && !(m.index! > 0 && /\d/.test(text[m.index! - 1]!));
    const hasUnit = suffix !== '' || /[万亿萬億]/.test(numeral);
    if (!hasUnit) {
      // A spoken figure with no unit ("完成投资三千二") counts like a bare arabic one.
      const spoken = /[十百千]/.test(numeral) && /(?:完成|投资|累计)\s*$/.test(text.slice(0, m.index));
      if (!spoken && !/^\d[\d,]*(?:\.\d+)?$/.test(numeral)) continue;
      if (!BARE_FOLLOW.test(text.slice(end))) continue;
      if (m.index! > 0 && /[\da-zA-Z\-#]/.test(text[m.index! - 1]!) && !signIsReal) continue;
    }
    const raw = `${signIsReal ? sign : ''}${numeral}${suffix}`;
    let result = parseAmount(raw, options);
    // "3亿多", "1200万左右", "约1200万", "大概1.2亿": a round figure, not an exact one.
    if (hasUnit && result.ok) {
      const after = /^(?:多|余|左右|上下)/.exec(text.slice(end));
      const lead = text.slice(Math.max(0, m.index! - 8), m.index);
      const before = /(?<!签)约\s*$|(?:大约|大概|大致|差不多|接近|将近|估计)[\u4e00-\u9fff]{0,4}$/.test(lead);
      if (after || before || /^(?:约|大约)/.test(raw)) result = { ...result, approx: true };
      if (after) end += after[0].length;
    }
    out.push({
      start: m.index! + (signIsReal ? 0 : sign.length),
      end,
      raw,
      result,
      hasUnit,
    });
  }
  return out;
}
