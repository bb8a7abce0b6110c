/**
 * The argument readers commands declare (handlers/*.ts `read`): pure, over the shared helpers.
 * The report, status, problem and assignment readers are in actions.ts; these are the others.
 */
import { buildProblem } from './actions.ts';
import { addDaysIso, currentMonth, findDates, findMonths, today } from './dates.ts';
import { leadingWords } from './intents.ts';
import { parseProblemRef } from './problem-ref.ts';
import { parseQuery } from './query.ts';
import type { ParseContext, ParsedCommand, SummaryKind } from './types.ts';

const SUMMARY_KIND: Record<string, SummaryKind> = {
  日报: 'daily',
  今日日报: 'daily',
  周报: 'weekly',
  本周周报: 'weekly',
  月报: 'monthly',
  本月月报: 'monthly',
  通报: 'bulletin',
  月通报: 'bulletin',
};

/** 日报 / 周报 / 月报 / 通报, with the day or month they are about ("通报 7月", "上周周报"). */
export function readSummary(text: string, word: string, rest: string, ctx: ParseContext): ParsedCommand {
  const kind = SUMMARY_KIND[word] ?? 'bulletin';
  const date =
    findDates(rest, ctx)[0]?.date ??
    (/上周/.test(rest)
      ? addDaysIso(today(ctx), -7)
      : /昨天|昨日/.test(rest)
        ? addDaysIso(today(ctx), -1)
        : today(ctx));
  const out: ParsedCommand = { intent: 'summary', text, kind, date };
  const month = findMonths(rest, ctx, 'past')[0]?.month;
  if (month && (kind === 'monthly' || kind === 'bulletin' || !findDates(rest, ctx).length)) out.month = month;
  return out;
}

/** 帮助, optionally about one command ("帮助 进度" → topic 进度). */
export function readHelp(text: string, rest: string, ctx: ParseContext): ParsedCommand {
  const topicText = rest.replace(/^[?？\s]+/, '').trim();
  if (topicText === '') return { intent: 'help', text };
  const hit = leadingWords(topicText, ctx.commands)[0];
  return { intent: 'help', text, topic: hit ? hit.specs[0]!.command : topicText.slice(0, 20) };
}

const PROBLEM_LIST_ONLY = /^(?:逾期|超期|全部|所有|清单|列表|未办结|未解决|在办)+$/;

/** 问题 …: a new problem, or — "问题12", "问题 逾期" — a look at one problem or the list. */
export function readProblemWord(text: string, rest: string, ctx: ParseContext): ParsedCommand {
  // "问题12" arrives here as the word 问题 and the rest "12".
  const only = parseProblemRef(/^\d+$/.test(rest) ? `#${rest}` : rest);
  if (only !== undefined) return { intent: 'query', text, target: { kind: 'problem', problemNo: only } };
  if (rest === '' || PROBLEM_LIST_ONLY.test(rest.replace(/\s+/g, ''))) {
    return { intent: 'query', text, target: parseQuery(`问题 ${rest}`, ctx)! };
  }
  return buildProblem(text, rest, ctx);
}

/** 查 …: what to look up; nothing recognisable is a question about 查 itself. */
export function readQuery(text: string, rest: string, ctx: ParseContext): ParsedCommand {
  const target = parseQuery(rest, ctx);
  return target ? { intent: 'query', text, target } : { intent: 'help', text, topic: '查' };
}

/** 导出 台账 [月份]: the month defaults to the current one. */
export function readExport(text: string, rest: string, ctx: ParseContext): ParsedCommand {
  return {
    intent: 'export',
    text,
    what: 'ledger',
    month: findMonths(rest, ctx, 'past')[0]?.month ?? currentMonth(ctx),
  };
}
