/**
 * The body of a progress report after the project name:
 * "本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%".
 *
 * Each amount is labelled by the words between it and the previous amount:
 * - 开工累计 / 自开工以来 / 开工以来 / 开工至今 → since the start of construction;
 * - 累计 / 本年 / 今年 / 年度 / 1-7月 → year to date (the design: 累计 means 本年累计);
 * - 总投资 / 计划 / 概算 without 完成 → not a report figure, ignored;
 * - anything else (本月, 7月完成投资, or no label at all) → the month's amount, first one only.
 * A bare number is 万元 only right after an investment word (完成/投资/累计) or standing alone.
 * Everything after 形象进度 (up to a clause that starts another figure) is the progress text; its
 * numbers are not money. Without 形象进度, a clause with a percentage is taken as the progress.
 *
 * Readings that are possible but not certain go to `uncertain`, never silently into a figure:
 * - "1200多万", "3亿余元": the round figure, to be confirmed;
 * - "一千二三百万": a range, no reading (the bot asks for the figure);
 * - a bare number of 100000 or more: 万元 by the county's convention would be 10亿元 or more, so
 *   元 is as likely; the 万元 reading is offered, or the 元 reading when 万元 would pass 1000亿元;
 * - "过半", "一半", "基本完成" as progress: kept as text, no percentage (a share must be given).
 */
import { formatWan } from '../domain/money.ts';
import { findAmounts, MAX_AMOUNT_YUAN } from './amount.ts';
import { PROBLEM_CUE } from './cues.ts';
import { type DateContext, findMonths } from './dates.ts';
import { restoreCjkPunctuation } from './normalize.ts';
import { findPercents } from './percent.ts';
import type { IsoMonth, Uncertainty } from './types.ts';

export interface ReportBody {
  month?: IsoMonth;
  monthAmount?: number;
  ytdAmount?: number;
  sinceStartAmount?: number;
  progressText?: string;
  progressPct?: number;
  warnings: string[];
  uncertain: Uncertainty[];
  /** Clauses that raise a problem ("那湾村3户未签约需自然资源局协调"), for the bot to offer as 问题. */
  problemText?: string;
}

const PROGRESS_WORD = /形象进度|工程进度|施工进度|建设进度|形象进展|进展情况|进度情况/;
const NEXT_FIGURE =
  /[,;、。 ](?=\s*(?:本月|当月|上月|累计|本年|今年|年度|开工累计|自开工|开工以来|\d{1,2}月(?:份)?(?:完成|投资|累计)|完成投资))/;
const SINCE_START = /开工累计|自开工|开工以来|开工至今|项目累计|总累计/;
const YTD =
  /累计|本年|今年|年度|年内|全年|\d{1,2}\s*[-~至到]\s*\d{1,2}\s*月|[一二三四五六七八九十]+至[一二三四五六七八九十]+月/;
const NOT_A_FIGURE = /总投资|计划|概算|估算|预算|合同|批复/;
const INVESTMENT_WORD = /(?:完成|投资|累计|完成额|金额)\s*[:]?\s*$/;
const VAGUE_PROGRESS =
  /过半|一半|大半|近半|小半|基本完成|接近完成|即将完成|接近尾声|尾声|收尾|大部分|部分完成/;
/** A bare number (万元 by convention) at or above this many 万 could as well be 元. */
const BARE_DOUBT_WAN = 100_000;

type Slot = 'sinceStartAmount' | 'ytdAmount' | 'monthAmount';
const SLOT_NAME: Record<Slot, string> = {
  monthAmount: '本月完成投资',
  ytdAmount: '本年累计完成投资',
  sinceStartAmount: '开工累计完成投资',
};

function progressRange(body: string): { start: number; textStart: number; end: number } | undefined {
  const m = PROGRESS_WORD.exec(body);
  if (!m) return undefined;
  const textStart =
    m.index + m[0].length + /^[\s:：为是达到]*/.exec(body.slice(m.index + m[0].length))![0].length;
  const next = NEXT_FIGURE.exec(body.slice(textStart));
  return { start: m.index, textStart, end: next ? textStart + next.index : body.length };
}

function cleanProgress(text: string): string {
  return restoreCjkPunctuation(text.replace(/^[\s,;、。]+|[\s,;、。]+$/g, ''));
}

export function parseReportBody(body: string, ctx: DateContext): ReportBody {
  const out: ReportBody = { warnings: [], uncertain: [] };
  const progress = progressRange(body);
  // Figures are read outside the progress text: "路基完成60%" is not money.
  const masked = progress
    ? body.slice(0, progress.start) + ' '.repeat(progress.end - progress.start) + body.slice(progress.end)
    : body;

  const month = findMonths(masked, ctx, 'past')[0];
  if (month) out.month = month.month;

  let previousEnd = 0;
  for (const token of findAmounts(masked)) {
    const label = masked.slice(previousEnd, token.start);
    previousEnd = token.end;
    if (!token.hasUnit && !INVESTMENT_WORD.test(label) && masked.trim() !== token.raw) continue;
    let slot: Slot | undefined;
    if (SINCE_START.test(label)) slot = 'sinceStartAmount';
    else if (NOT_A_FIGURE.test(label) && !/完成/.test(label)) slot = undefined;
    else if (YTD.test(label)) slot = 'ytdAmount';
    else slot = 'monthAmount';
    if (!slot) continue;
    let result = token.result;
    let doubt: Uncertainty | undefined;
    if (!token.hasUnit) {
      const value = Number(token.raw.replace(/,/g, ''));
      if (value >= BARE_DOUBT_WAN) {
        const asWan = Math.round(value * 10_000);
        const asYuan = Math.round(value);
        const yuan = asWan < MAX_AMOUNT_YUAN ? asWan : asYuan;
        result = { ok: true, yuan, bare: true };
        doubt = {
          field: slot,
          reading: formatWan(yuan),
          reason: `"${token.raw}"没有写单位，按万元是${formatWan(asWan)}，按元是${formatWan(asYuan)}`,
        };
      }
    }
    if (!result.ok) {
      if (result.range) out.uncertain.push({ field: slot, reason: result.reason });
      else out.warnings.push(result.reason);
      continue;
    }
    if (out[slot] !== undefined) {
      out.warnings.push(`金额"${token.raw}"重复，已按第一个计`);
      continue;
    }
    out[slot] = result.yuan;
    if (doubt) out.uncertain.push(doubt);
    else if (result.approx) {
      out.uncertain.push({
        field: slot,
        reading: formatWan(result.yuan),
        reason: `${SLOT_NAME[slot]}"${token.raw}"是约数`,
      });
    }
  }

  if (progress) {
    const text = cleanProgress(body.slice(progress.textStart, progress.end));
    if (text) out.progressText = text;
    out.progressPct = findPercents(body.slice(progress.textStart, progress.end))[0]?.value;
  } else {
    const isProgress = (c: string) => findPercents(c).length > 0 && findAmounts(c).length === 0;
    // Clauses by punctuation; a voice transcript has only spaces between them.
    const clause =
      masked.split(/[,;、。]|\s+(?=\S*%)/).find(isProgress) ?? masked.split(/[,;、。\s]+/).find(isProgress);
    if (clause) {
      out.progressText = cleanProgress(clause);
      out.progressPct = findPercents(clause)[0]?.value;
    }
  }
  if (out.progressPct === undefined) delete out.progressPct;
  const problems = masked
    .split(/[,;。]/)
    .filter(
      (c) => PROBLEM_CUE.test(c) && findAmounts(c).every((a) => !a.hasUnit) && findPercents(c).length === 0,
    );
  if (problems.length > 0) out.problemText = cleanProgress(problems.join('，'));
  if (out.progressPct === undefined && out.progressText && VAGUE_PROGRESS.test(out.progressText)) {
    out.uncertain.push({
      field: 'progressPct',
      reason: `形象进度"${out.progressText}"不是确切比例，请给出百分比`,
    });
  }
  return out;
}
