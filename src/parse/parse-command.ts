/**
 * One chat message → one ParsedCommand. Never throws: anything unreadable becomes 'unknown' with
 * the closest command and an example.
 *
 * Beyond the command table, three friendly forms are understood:
 * - the problem number first: "#12 办结 已完成签约" reads as "办结 #12 已完成签约";
 * - the command word last for summaries: "7月通报", "本周周报";
 * - a project name first with no command word: "贺巴 本月完成投资1200万" is a report,
 *   "福六水库 今天开工" a status change, and a bare project name ("贺巴") a query for its card.
 *
 * Before the command table, the message is brought to that plain form: a notice's lines are
 * flattened (notice.ts), greetings and preambles rewritten, a voice transcript given its breaks.
 * Chatter (谢谢, 收到) is answered as such; questions become queries (question.ts); and a message
 * with no command word that names a project and says plainly what happened is read by its
 * content (content.ts).
 */
import { buildReport, buildStatus } from './actions.ts';
import { findAmounts } from './amount.ts';
import { DEFAULT_TIME_ZONE } from './calendar.ts';
import { parseChatter } from './chatter.ts';
import { byContent } from './content.ts';
import { findDates, today } from './dates.ts';
import { commandOf, leadingWords } from './intents.ts';
import { normalizeText, restoreCjkPunctuation } from './normalize.ts';
import { flattenNotice, rewritePolite, spaceVoiceClauses } from './notice.ts';
import { findProblemRefs, matchProblemRefPrefix } from './problem-ref.ts';
import { matchProjectPrefix } from './project-match.ts';
import { parseQuestion } from './question.ts';
import { readSummary } from './readers.ts';
import { suggestCommand } from './suggest.ts';
import type { ParseContext, ParsedCommand } from './types.ts';
import { resolveUnit } from './unit-match.ts';

function unknown(text: string, ctx: ParseContext): ParsedCommand {
  return { intent: 'unknown', text, suggestion: suggestCommand(text, ctx.commands) };
}

function byCommandWord(text: string, ctx: ParseContext): ParsedCommand | undefined {
  // Longest word first; for equal words, the one that needs a problem number is tried first
  // ("上报 #12" escalates, "上报 贺巴 …" reports).
  const hits = leadingWords(text, ctx.commands).sort(
    (a, b) => b.word.length - a.word.length || Number(b.needsRef) - Number(a.needsRef),
  );
  for (const hit of hits) {
    // "进度：贺巴 …": a colon after the command word is punctuation, not part of the project name.
    // "汇报一下，…", "反映一个问题，…": spoken filler after the word is not the argument.
    const rest = text
      .slice(hit.consumed)
      .replace(/^[\s:]+/, '')
      .replace(/^(?:一下|一个问题|个问题|一个情况|个情况|一件事)[\s,:]*/, '')
      .trim();
    if (hit.needsRef && !matchProblemRefPrefix(rest)) continue;
    for (const spec of hit.specs) {
      const command = spec.read(rest, { text, word: hit.word }, ctx);
      if (command) return command;
    }
  }
  return undefined;
}

const STATUS_TAIL = /^(.*?)\s*(正式开工|开工|动工|开建|竣工验收|竣工|完工|建成投产|建成|投产|投运)了?$/;

function fallback(text: string, ctx: ParseContext): ParsedCommand | undefined {
  const ref = matchProblemRefPrefix(text);
  if (ref) {
    const rest = text.slice(ref.consumed);
    const hit = leadingWords(rest, ctx.commands)[0];
    if (hit)
      return byCommandWord(
        `${rest.slice(0, hit.consumed).trim()} #${ref.problemNo} ${rest.slice(hit.consumed)}`.trim(),
        ctx,
      );
    if (rest.trim() === '')
      return { intent: 'query', text, target: { kind: 'problem', problemNo: ref.problemNo } };
  }
  const tail = /^(.+)\s*(日报|周报|月报|通报)$/.exec(text);
  if (tail) return readSummary(text, tail[2]!, tail[1]!, ctx);
  const project = matchProjectPrefix(text, ctx.projects);
  if (project.match.kind !== 'none') {
    const rest = text.slice(project.consumed).trim();
    if (rest === '' || /^(?:情况|进度|详情|怎么样|如何)[?]?$/.test(rest)) {
      return { intent: 'query', text, target: { kind: 'project', project: project.match } };
    }
    const status = STATUS_TAIL.exec(rest);
    // "武忻高速什么时候开工" asks; it does not report a start.
    if (status && !/什么时候|何时|怎么|为什么|还没|能否|计划|预计|准备|[吗呢?]/.test(status[1]!)) {
      const date = findDates(status[1]!, ctx)[0]?.date ?? today(ctx);
      const built = buildStatus(text, status[2]!, text.slice(0, project.consumed), ctx);
      return { ...built, date };
    }
    // "贺巴 本月资金到位3000万": funds put in place, not investment completed.
    if (/到位/.test(rest) && !/完成投资|投资完成|形象进度/.test(rest)) {
      const funds = byCommandWord(`资金 ${text}`, ctx);
      if (funds?.intent === 'funds') return funds;
    }
    if (findAmounts(rest).some((a) => a.hasUnit) || /形象进度|完成投资/.test(rest))
      return buildReport(text, text, ctx);
  }
  return undefined;
}

const COMMAND_ON_REF = /交办|督办|转办|派单|指派|办结|销号|已解决|解决了|已办结|升级|提级|提请协调|上报协调/;
// "交给县住建局办理", "请财政局牵头处理": a unit asked to act on the problem is an assignment.
const HANDED_TO =
  /(?:交给|转给|交由|转交|派给|请|由)\s*([\u4e00-\u9fff()]{2,16}?)\s*(?:牵头)?(?:办理|处理|负责|落实|跟进|协调)/;
const REF_FILLER = /^(?:请|麻烦|帮忙|帮我|帮|把|将|给|对)+/;

/**
 * "请帮忙把#12办结，已完成签约", "把第7个问题交办给交通局", "#23 交给县住建局办理": a problem number
 * and what to do with it in mid-sentence; read as "办结 #12 已完成签约" or "交办 #23 县住建局 …".
 */
function byRefAnywhere(text: string, ctx: ParseContext): ParsedCommand | undefined {
  const ref = findProblemRefs(text)[0];
  if (!ref) return undefined;
  const rest = `${text.slice(0, ref.start)} ${text.slice(ref.end)}`;
  const handed = HANDED_TO.exec(rest);
  if (handed && resolveUnit(handed[1]!, ctx.units).kind !== 'none') {
    const tail = rest.slice(handed.index + handed[0].length);
    return byCommandWord(`交办 #${ref.problemNo} ${handed[1]} ${tail}`, ctx);
  }
  const words = COMMAND_ON_REF.exec(rest);
  if (!words) return undefined;
  const clean = rest
    .replace(words[0], ' ')
    .replace(/已经|一下/g, ' ')
    .replace(/\s+(?=[,;。])/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(REF_FILLER, '')
    .replace(/^[\s,;:、。]+/, '');
  const word = words[0] === '解决了' ? '已解决' : words[0];
  return byCommandWord(`${word} #${ref.problemNo} ${clean}`.trim(), ctx);
}

/** "刚才报错了，撤销": a command that takes no argument, as the last clause of a sentence. */
function byLastClause(text: string, ctx: ParseContext): ParsedCommand | undefined {
  const last = /[,;。!]\s*([^,;。!]+?)[。!]?$/.exec(text)?.[1]?.trim();
  if (!last) return undefined;
  const hit = leadingWords(last, ctx.commands)[0];
  if (!hit || hit.consumed < last.length || !hit.specs[0]!.bare) return undefined;
  return byCommandWord(last, ctx);
}

function understand(text: string, ctx: ParseContext): ParsedCommand {
  // "问题7 办结": a number first, then the command word, before "问题" is taken as the command.
  const ref = matchProblemRefPrefix(text);
  const asks = /[吗呢?]$|怎么样|如何|进展/.test(text);
  if (ref && !asks && leadingWords(text.slice(ref.consumed), ctx.commands).length > 0) {
    const command = fallback(text, ctx);
    if (command) return command;
  }
  // A question that opens with 查 or with no command word is read as a question first.
  const lead = leadingWords(text, ctx.commands)[0];
  if (!lead || lead.specs[0]!.intent === 'query') {
    const question = parseQuestion(text, ctx);
    if (question) return question;
  }
  const command = byCommandWord(text, ctx);
  if (command?.intent === 'problem' && command.missing.includes('project')) {
    const question = parseQuestion(text, ctx);
    if (question) return question;
  }
  return (
    command ??
    fallback(text, ctx) ??
    byRefAnywhere(text, ctx) ??
    byContent(text, ctx) ??
    byLastClause(text, ctx) ??
    unknown(text, ctx)
  );
}

export function parseCommand(raw: string, ctx: ParseContext): ParsedCommand {
  let text = '';
  const commands = Array.isArray(ctx.commands) ? ctx.commands : [];
  try {
    const safe: ParseContext = {
      botName: typeof ctx.botName === 'string' ? ctx.botName : '',
      now: ctx.now,
      timeZone: ctx.timeZone || DEFAULT_TIME_ZONE,
      projects: Array.isArray(ctx.projects) ? ctx.projects : [],
      units: Array.isArray(ctx.units) ? ctx.units : [],
      ...(Array.isArray(ctx.counties) ? { counties: ctx.counties } : {}),
      commands,
    };
    const flat = flattenNotice(typeof raw === 'string' ? raw : '');
    text = normalizeText(flat.text, safe.botName);
    if (text === '') return { intent: 'help', text };
    const chatter = parseChatter(text);
    if (chatter) return { intent: 'chatter', text, ...chatter };
    text = spaceVoiceClauses(rewritePolite(text));
    const command = understand(text, safe);
    if (command.intent === 'report' && flat.problemText !== undefined) {
      command.problemText = restoreCjkPunctuation(flat.problemText);
    }
    return command;
  } catch {
    // A parser bug must never silence the bot; the user gets the friendly answer instead.
    const help = commandOf(commands, 'help');
    return {
      intent: 'unknown',
      text,
      suggestion: { command: help?.command ?? '帮助', example: help?.example ?? '帮助' },
    };
  }
}
