/**
 * Messages with no command word that still say plainly what they are, about a project named
 * somewhere in them: "我们贺巴高速这个月完成了投资1200万" (a report), "福六水库已于8月1日正式开工"
 * (a status change), "贺巴那湾村还有3户没签约，需要自然资源局协调" (a problem). The project must be
 * named; without one the message stays unknown. A question or a complaint ("贺巴怎么还没开工呀")
 * is none of these.
 */
import { buildProblem, buildReport, buildStatus } from './actions.ts';
import { findAmounts } from './amount.ts';
import { PROBLEM_CUE } from './cues.ts';
import { findDates, today } from './dates.ts';
import { findProjectsInText } from './mentions.ts';
import type { ParseContext, ParsedCommand } from './types.ts';

const REPORT_CUE = /完成|投资|累计|形象进度/;
const STATUS = /(正式开工|开工建设|开工|动工|开建|竣工验收|竣工|完工|建成投产|建成|投产|投运)(?:了|啦)?/;
const STATUS_DONE = /已经|已于|已|今天|今日|昨天|昨日|正式|顺利|于|了|啦|日|号/;
const DOUBT = /怎么|为什么|为何|还没|尚未|未能|没能|何时|什么时候|能否|吗|呢|[?]|计划|预计|准备|争取|力争|拟/;
export function byContent(text: string, ctx: ParseContext): ParsedCommand | undefined {
  const mentions = findProjectsInText(text, ctx.projects);
  const first = mentions[0];
  if (!first) return undefined;
  const rest = `${text.slice(0, first.start)} ${text.slice(first.end)}`.replace(/\s+/g, ' ').trim();
  const named = `${first.words} ${rest}`;

  const figures = findAmounts(rest).filter((a) => a.hasUnit);
  if (figures.length > 0 && REPORT_CUE.test(rest) && !PROBLEM_CUE.test(rest)) {
    return buildReport(text, named, ctx);
  }
  const status = STATUS.exec(rest);
  if (status && figures.length === 0 && STATUS_DONE.test(rest) && !DOUBT.test(rest)) {
    const built = buildStatus(text, status[1]!, first.words, ctx);
    return { ...built, date: findDates(rest, ctx)[0]?.date ?? today(ctx) };
  }
  if (PROBLEM_CUE.test(rest) && !/[?]$|吗$/.test(rest)) return buildProblem(text, named, ctx);
  return undefined;
}
