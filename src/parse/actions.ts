/**
 * Builders for the commands that change records: report, status, problem, assign, task,
 * resolve, escalate. Each takes the argument text after the command word.
 */

import { classifyProblem, splitCategoryLabel } from './category.ts';
import { currentMonth, findDates, findDeadline, parseDate, today } from './dates.ts';
import { restoreCjkPunctuation } from './normalize.ts';
import { findProblemRefs, matchProblemRefPrefix } from './problem-ref.ts';
import { matchProjectPrefix } from './project-match.ts';
import { parseReportBody } from './report-body.ts';
import type { ParseContext, ParsedCommand, ProjectMatch, ProjectStatusEvent, UnitMatch } from './types.ts';
import { findRequestedUnit, findUnitMentions, matchUnitPrefix } from './unit-match.ts';

type Of<I extends ParsedCommand['intent']> = Extract<ParsedCommand, { intent: I }>;

// Where an unknown project name most likely ends when no space follows it.
const BODY_START = /本月|当月|上月|\d|[一二三四五六七八九十]+月|完成|累计|形象|[,;:、。]/;

/** The project at the start of `rest` and the text after it; an unknown name is cut at a guess. */
export function takeProject(rest: string, ctx: ParseContext): { project: ProjectMatch; body: string } {
  const { match, consumed } = matchProjectPrefix(rest, ctx.projects);
  if (match.kind !== 'none') return { project: match, body: rest.slice(consumed).trim() };
  const word = /^\S*/.exec(rest)![0];
  let name = word;
  if (word.length === rest.length) {
    const at = word.search(BODY_START);
    name = at > 0 ? word.slice(0, at) : at === 0 ? '' : word;
  }
  return {
    project: { kind: 'none', text: name },
    body: rest
      .slice(name.length)
      .replace(/^[\s:]+/, '')
      .trim(),
  };
}

const clean = (s: string): string => restoreCjkPunctuation(s.replace(/^[\s,;:、。]+|[\s,;、。]+$/g, ''));

export function buildReport(text: string, rest: string, ctx: ParseContext): Of<'report'> {
  const { project, body } = takeProject(rest, ctx);
  const parsed = parseReportBody(body, ctx);
  const out: Of<'report'> = {
    intent: 'report',
    text,
    project,
    month: parsed.month ?? currentMonth(ctx),
    missing: [],
    warnings: parsed.warnings,
  };
  if (parsed.monthAmount !== undefined) out.monthAmount = parsed.monthAmount;
  if (parsed.ytdAmount !== undefined) out.ytdAmount = parsed.ytdAmount;
  if (parsed.sinceStartAmount !== undefined) out.sinceStartAmount = parsed.sinceStartAmount;
  if (parsed.progressText !== undefined) out.progressText = parsed.progressText;
  if (parsed.progressPct !== undefined) out.progressPct = parsed.progressPct;
  if (project.kind !== 'found') out.missing.push('project');
  if (out.monthAmount === undefined) out.missing.push('monthAmount');
  return out;
}

const STATUS_OF: Record<string, ProjectStatusEvent> = {
  开工: '开工',
  动工: '开工',
  开建: '开工',
  正式开工: '开工',
  竣工: '竣工',
  完工: '竣工',
  建成: '竣工',
  竣工验收: '竣工',
  投产: '投产',
  投运: '投产',
  建成投产: '投产',
};

export function statusOf(word: string): ProjectStatusEvent {
  return STATUS_OF[word] ?? '开工';
}

export function buildStatus(text: string, word: string, rest: string, ctx: ParseContext): Of<'status'> {
  const { project, body } = takeProject(rest, ctx);
  const date = parseDate(body, ctx)?.date ?? findDates(body, ctx)[0]?.date ?? today(ctx);
  return {
    intent: 'status',
    text,
    project,
    status: statusOf(word),
    date,
    missing: project.kind === 'found' ? [] : ['project'],
  };
}

export function buildProblem(text: string, rest: string, ctx: ParseContext): Of<'problem'> {
  const { project, body } = takeProject(rest, ctx);
  const labelled = splitCategoryLabel(body);
  const descriptionRaw = labelled ? labelled.rest : body;
  const description = clean(descriptionRaw);
  const out: Of<'problem'> = {
    intent: 'problem',
    text,
    project,
    category: labelled?.category ?? classifyProblem(body),
    description,
    missing: [],
  };
  const requested = findRequestedUnit(descriptionRaw, ctx.units);
  if (requested) {
    out.unit = requested.unit;
    out.unitName = requested.unit.kind === 'found' ? requested.unit.unit.name : requested.words;
  }
  if (project.kind !== 'found') out.missing.push('project');
  if (description === '') out.missing.push('description');
  return out;
}

/** The problem number at the start, else anywhere; and the text without it. */
function takeRef(rest: string): { problemNo?: number; body: string } {
  const head = matchProblemRefPrefix(rest);
  if (head) return { problemNo: head.problemNo, body: rest.slice(head.consumed).trim() };
  const any = findProblemRefs(rest)[0];
  if (!any) return { body: rest.trim() };
  return {
    problemNo: any.problemNo,
    body: `${rest.slice(0, any.start)} ${rest.slice(any.end)}`.replace(/\s+/g, ' ').trim(),
  };
}

export function hasProblemRef(rest: string): boolean {
  return findProblemRefs(rest).length > 0;
}

function takeUnit(body: string, ctx: ParseContext): { unit?: UnitMatch; body: string } {
  if (body === '') return { body };
  const { match, consumed } = matchUnitPrefix(body, ctx.units);
  if (match.kind !== 'none') return { unit: match, body: body.slice(consumed).trim() };
  const mentioned = findUnitMentions(body, ctx.units)[0];
  if (mentioned) return { unit: { kind: 'found', unit: mentioned }, body };
  return { body };
}

export function buildAssign(text: string, rest: string, ctx: ParseContext): Of<'assign'> {
  const ref = takeRef(rest);
  let body = ref.body;
  const deadline = findDeadline(body, ctx);
  if (deadline) {
    const tail = body.slice(deadline.end).replace(/^\s*(?:之前|以前|前|为止|止|内)/, '');
    body = `${body.slice(0, deadline.start)} ${tail}`.replace(/^\s*(?:截止|限|最迟|不晚于)\s*/, '').trim();
  }
  const unit = takeUnit(body, ctx);
  const out: Of<'assign'> = { intent: 'assign', text, missing: [] };
  if (ref.problemNo !== undefined) out.problemNo = ref.problemNo;
  if (unit.unit) out.unit = unit.unit;
  else if (unit.body !== '') out.unit = { kind: 'none', text: unit.body.split(' ')[0]! };
  if (deadline) out.deadline = deadline.date;
  if (out.problemNo === undefined) out.missing.push('problemNo');
  if (out.unit?.kind !== 'found') out.missing.push('unit');
  return out;
}

export function buildTask(text: string, rest: string, ctx: ParseContext): Of<'task'> {
  let body = rest.trim();
  let unit: UnitMatch | undefined;
  let project: ProjectMatch | undefined;
  const first = takeUnit(body, ctx);
  if (first.unit && first.body !== body) {
    unit = first.unit;
    body = first.body;
  }
  const p = matchProjectPrefix(body, ctx.projects);
  if (p.match.kind !== 'none') {
    project = p.match;
    body = body.slice(p.consumed).trim();
  }
  if (!unit) {
    const second = takeUnit(body, ctx);
    unit = second.unit;
    body = second.body;
  }
  const description = clean(body);
  const deadline = findDeadline(body, ctx);
  const out: Of<'task'> = {
    intent: 'task',
    text,
    unit: unit ?? { kind: 'none', text: '' },
    description,
    missing: [],
  };
  if (project) out.project = project;
  if (deadline) out.deadline = deadline.date;
  if (out.unit.kind !== 'found') out.missing.push('unit');
  if (description === '') out.missing.push('description');
  return out;
}

export function buildResolve(text: string, rest: string): Of<'resolve'> {
  const ref = takeRef(rest);
  const out: Of<'resolve'> = { intent: 'resolve', text, note: clean(ref.body), missing: [] };
  if (ref.problemNo !== undefined) out.problemNo = ref.problemNo;
  else out.missing.push('problemNo');
  return out;
}

export function buildEscalate(text: string, rest: string): Of<'escalate'> {
  const ref = takeRef(rest);
  const out: Of<'escalate'> = { intent: 'escalate', text, reason: clean(ref.body), missing: [] };
  if (ref.problemNo !== undefined) out.problemNo = ref.problemNo;
  else out.missing.push('problemNo');
  return out;
}
