/**
 * Questions asked in plain words, mapped to the existing queries and summaries:
 * "贺巴现在进度怎么样？" (project card), "哪些问题逾期了" (overdue problems), "这个月谁还没报"
 * (who has not reported), "工业投资完成多少了" (a sector), "7号问题解决了吗" (one problem),
 * "今天的日报发一下" (a summary). A question must ask something: "贺巴怎么还没开工呀" is a complaint,
 * not a query, and stays unknown.
 */
import { findAmounts } from './amount.ts';
import { currentMonth, findMonths, today } from './dates.ts';
import { findProjectsInText } from './mentions.ts';
import { findProblemRefs } from './problem-ref.ts';
import { matchProjectPrefix, resolveProject } from './project-match.ts';
import { parseQuery, parseSector } from './query.ts';
import type { ParseContext, ParsedCommand, QueryTarget, SummaryKind } from './types.ts';
import { findUnitMentions } from './unit-match.ts';

const ASKS = /怎么样|怎样|咋样|如何|多少|哪些|哪几|哪个|几个|有没有|是否|到哪|进展|情况|吗|呢|[?]|谁/;
// What follows a project's name when its card is asked for; anchored so "工业园区进度怎么样" is not
// read as 工业(云) followed by noise.
const HOW =
  /^(?:项目|工程)?(?:的)?(?:现在|目前|当前|最近|今年|本月|这个月)?(?:的)?(?:进度|进展|情况|投资|建设|推进|形象进度)?(?:完成)?(?:得|了)?(?:怎么样|怎样|咋样|如何|到哪(?:一步|了)?|完成多少|完成了多少|多少|什么情况|情况)/;
const UNREPORTED =
  /(?:谁|哪些|哪几|哪个|还有|有没有).{0,8}(?:没|未|还没|没有)(?:有)?(?:报|报送|填报|上报|交|汇报)/;
const OVERDUE = /逾期|超期|过期|超时|没按时|未按时/;
const PROBLEMS = /问题|事项|督办|困难/;
const SUMMARY_WORDS: Array<[RegExp, SummaryKind]> = [
  [/日报/, 'daily'],
  [/周报/, 'weekly'],
  [/月报/, 'monthly'],
  [/通报/, 'bulletin'],
];
const ASK_FOR = /发|看|出|要|给|来|有|呢|吗|[?]/;

function query(text: string, target: QueryTarget): ParsedCommand {
  return { intent: 'query', text, target };
}

function summary(text: string, ctx: ParseContext): ParsedCommand | undefined {
  for (const [re, kind] of SUMMARY_WORDS) {
    if (!re.test(text) || !ASK_FOR.test(text)) continue;
    if (/通报\s*(?:一下)?\s*[#\d]/.test(text)) return undefined;
    const out: ParsedCommand = { intent: 'summary', text, kind, date: today(ctx) };
    const month = findMonths(text, ctx, 'past')[0]?.month;
    if (month && (kind === 'monthly' || kind === 'bulletin')) out.month = month;
    return out;
  }
  return undefined;
}

/** A question (or a request for a summary) as a command; undefined when the text is not one. */
export function parseQuestion(text: string, ctx: ParseContext): ParsedCommand | undefined {
  const s = text.replace(/\s+/g, '');
  if (s.length > 60 || (!ASKS.test(s) && !/发一下|看一下|看看/.test(s))) return undefined;
  // A message with figures in it reports them; it does not ask.
  if (findAmounts(s).some((a) => a.hasUnit)) return undefined;

  const refs = findProblemRefs(s);
  if (refs.length === 1 && /怎么样|怎样|如何|进展|解决|办结|办了|处理|到哪|情况|吗|呢|[?]/.test(s)) {
    return query(text, { kind: 'problem', problemNo: refs[0]!.problemNo });
  }
  if (UNREPORTED.test(s)) {
    return query(text, {
      kind: 'unreported',
      month: findMonths(s, ctx, 'past')[0]?.month ?? currentMonth(ctx),
    });
  }
  const asked = summary(s, ctx);
  if (asked) return asked;

  const mentions = findProjectsInText(s, ctx.projects);
  if (PROBLEMS.test(s) || OVERDUE.test(s)) {
    if (!/哪些|哪几|几个|多少|有没有|有什么|什么|吗|呢|[?]|还有|列|清单/.test(s)) return undefined;
    const words = [OVERDUE.test(s) ? '逾期' : '', /所有|全部/.test(s) ? '全部' : ''];
    const first = mentions[0];
    const unit = findUnitMentions(s, ctx.units)[0];
    const target = parseQuery(
      ['问题', ...words, first ? first.words : '', unit ? unit.name : ''].filter(Boolean).join(' '),
      ctx,
    );
    return target ? query(text, target) : undefined;
  }

  const sectorAsk =
    /^(?:全县|我县)?(.{1,8}?)(?:领域|行业|板块|建设)?的?投资(?:完成)?(?:得|了)?(?:怎么样|如何|多少|情况|进度|咋样)/.exec(
      s,
    );
  if (sectorAsk) {
    const sector =
      parseSector(sectorAsk[1]!) ?? (/^(?:全县|我县|总|整体)?$/.test(sectorAsk[1]!) ? '全部' : undefined);
    if (sector) return query(text, { kind: 'sector', sector });
  }
  const sectorOnly = /^(.{1,8}?)(?:领域|行业|板块|建设)?(?:完成)?(?:得|了)?(?:怎么样|如何|多少了?|情况)/.exec(
    s,
  );
  if (sectorOnly && parseSector(sectorOnly[1]!)) {
    return query(text, { kind: 'sector', sector: parseSector(sectorOnly[1]!)! });
  }
  if (/^(?:全县|我县)?(?:重大项目)?(?:总)?投资(?:完成)?(?:得|了)?(?:怎么样|如何|多少)/.test(s)) {
    return query(text, { kind: 'sector', sector: '全部' });
  }

  const head = matchProjectPrefix(s, ctx.projects);
  if (head.match.kind !== 'none' && HOW.test(s.slice(head.consumed))) {
    return query(text, { kind: 'project', project: head.match });
  }
  // "鸳鸯胡现在进度怎么样": the name ends where the question starts; try each such split.
  const chars = [...s];
  for (let n = Math.min(chars.length - 1, 14); n >= 2; n -= 1) {
    const name = chars.slice(0, n).join('');
    if (!HOW.test(s.slice(name.length))) continue;
    const project = resolveProject(name, ctx.projects);
    if (project.kind !== 'none') return query(text, { kind: 'project', project });
  }
  const first = mentions[0];
  if (first && HOW.test(s.slice(first.end)) && mentions.every((m) => m.words === first.words)) {
    return query(text, { kind: 'project', project: first.match });
  }
  return undefined;
}
