/**
 * Builders for the commands that change records: report, status, problem, assign, task,
 * resolve, escalate. Each takes the argument text after the command word.
 */

import { findAmounts } from './amount.ts';
import { classifyProblem, splitCategoryLabel } from './category.ts';
import { currentMonth, findDates, findDeadline, parseDate, today } from './dates.ts';
import { distinctFound, findProjectsInText } from './mentions.ts';
import { restoreCjkPunctuation } from './normalize.ts';
import { findProblemRefs, matchProblemRefPrefix } from './problem-ref.ts';
import { matchProjectPrefix, nearestProjects } from './project-match.ts';
import { parseReportBody } from './report-body.ts';
import type {
  ParseContext,
  ParsedCommand,
  ProjectEntry,
  ProjectMatch,
  ProjectStatusEvent,
  Uncertainty,
  UnitMatch,
} from './types.ts';
import {
  findRequestedUnit,
  findUnitMentions,
  matchUnitPrefix,
  nearestUnits,
  resolveUnit,
} from './unit-match.ts';

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
  const none: ProjectMatch = { kind: 'none', text: name };
  const suggestions = name === '' ? [] : nearestProjects(name, ctx.projects);
  if (suggestions.length > 0) none.suggestions = suggestions;
  return {
    project: none,
    body: rest
      .slice(name.length)
      .replace(/^[\s:]+/, '')
      .trim(),
  };
}

/**
 * Other projects the argument names besides the one the command is about ("贺巴和武忻今天开工"):
 * listed, and the one taken stated as uncertain, so the bot says which it recorded.
 */
function noteOtherProjects<C extends Of<'status'> | Of<'problem'>>(
  cmd: C,
  rest: string,
  ctx: ParseContext,
): C {
  if (cmd.project.kind !== 'found') return cmd;
  const taken = cmd.project.project;
  const others = distinctFound(findProjectsInText(rest, ctx.projects)).filter((p) => p !== taken);
  if (others.length === 0) return cmd;
  const reason = `消息中还提到了${others.map((p) => p.name).join('、')}，本条只记入${taken.name}`;
  return {
    ...cmd,
    otherProjects: others,
    uncertain: [...(cmd.uncertain ?? []), { field: 'project', reading: taken.name, reason }],
  };
}

/** A name read only by sound or with a typo: stated back and confirmed before anything is stored. */
export function nameDoubts(project: ProjectMatch | undefined, unit?: UnitMatch): Uncertainty[] {
  const out: Uncertainty[] = [];
  if (project?.kind === 'found' && project.fuzzy) {
    out.push({ field: 'project', reading: project.project.name, reason: '项目名称与库中名称不完全一致' });
  }
  if (unit?.kind === 'found' && unit.fuzzy) {
    out.push({ field: 'unit', reading: unit.unit.name, reason: '单位名称与库中名称不完全一致' });
  }
  return out;
}

const clean = (s: string): string => restoreCjkPunctuation(s.replace(/^[\s,;:、。]+|[\s,;、。]+$/g, ''));

/**
 * A report; when the argument names two or more projects, each with figures of its own
 * ("贺巴本月完成1200万，武忻本月完成800万"), the first is the command and the rest go to `others`.
 * Other projects named without figures of their own go to `otherProjects`, and the project the
 * figures were recorded for is stated as uncertain, so the bot says which one it took.
 */
export function buildReport(text: string, rest: string, ctx: ParseContext): Of<'report'> {
  const main = buildOneReport(text, rest, ctx);
  if (main.project.kind !== 'found') return main;
  const mentions = findProjectsInText(rest, ctx.projects);
  const projects = distinctFound(mentions);
  const mainProject = main.project.project;
  if (projects.length < 2 || !projects.includes(mainProject)) return main;
  // Cut at every mention; a project's figures are in the segments that follow its name.
  const cuts = mentions.filter((m) => m.match.kind === 'found');
  const byProject = new Map<ProjectEntry, string[]>();
  cuts.forEach((m, i) => {
    const seg = rest.slice(i === 0 ? 0 : m.start, cuts[i + 1]?.start ?? rest.length);
    if (!findAmounts(seg).some((t) => t.hasUnit || t.result.ok)) return;
    const p = (m.match as { project: ProjectEntry }).project;
    byProject.set(p, [
      ...(byProject.get(p) ?? []),
      seg.replace(/^[\s,;、。和与及]+|[\s,;、。和与及]+$/g, ''),
    ]);
  });
  if (byProject.size === projects.length) {
    const parts = [...byProject.entries()].map(([p, segs]) => {
      const seg = segs.join(' ');
      const named = matchProjectPrefix(seg, ctx.projects).match;
      return buildOneReport(
        text,
        named.kind === 'found' && named.project === p ? seg : `${p.name} ${seg}`,
        ctx,
      );
    });
    if (parts.every((p) => p.project.kind === 'found' && p.monthAmount !== undefined)) {
      const [first, ...others] = parts;
      return { ...first!, others };
    }
  }
  const otherProjects = projects.filter((p) => p !== mainProject);
  const names = otherProjects.map((p) => p.name).join('、');
  const uncertain = [
    ...(main.uncertain ?? []),
    {
      field: 'project',
      reading: mainProject.name,
      reason: `消息中还提到了${names}，本条只记入${mainProject.name}`,
    },
  ];
  return { ...main, otherProjects, uncertain };
}

function buildOneReport(text: string, rest: string, ctx: ParseContext): Of<'report'> {
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
  if (parsed.problemText !== undefined) out.problemText = parsed.problemText;
  if (project.kind !== 'found') out.missing.push('project');
  if (out.monthAmount === undefined) out.missing.push('monthAmount');
  const uncertain = [...nameDoubts(project), ...parsed.uncertain];
  if (uncertain.length > 0) out.uncertain = uncertain;
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
  const out: Of<'status'> = {
    intent: 'status',
    text,
    project,
    status: statusOf(word),
    date,
    missing: project.kind === 'found' ? [] : ['project'],
  };
  const uncertain = nameDoubts(project);
  if (uncertain.length > 0) out.uncertain = uncertain;
  return noteOtherProjects(out, rest, ctx);
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
  const uncertain = nameDoubts(project, out.unit);
  if (uncertain.length > 0) out.uncertain = uncertain;
  return noteOtherProjects(out, rest, ctx);
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

/** How the name of a unit ends. */
const UNIT_SUFFIX = /(?:局|办|委|行|所|站|中心|公司|政府|部)$/;

// "交给县自然资源局", "由交通局办理": the words that lead to a unit are not part of its name.
const UNIT_LEAD = /^(?:交给|转给|交由|转交|派给|请|由|给)\s*/;

function takeUnit(body: string, ctx: ParseContext): { unit?: UnitMatch; body: string } {
  if (body === '') return { body };
  const lead = UNIT_LEAD.exec(body)?.[0] ?? '';
  const named = body.slice(lead.length);
  const { match, consumed } = matchUnitPrefix(named, ctx.units);
  // "县自然资源和规划局局": a known name's start inside a longer word that itself reads as a unit is
  // that other unit, not the known one (a typo, or a unit the library does not have).
  const word = /^[\u4e00-\u9fff()（）]+/.exec(named)?.[0] ?? '';
  if (match.kind !== 'none' && consumed < word.length && UNIT_SUFFIX.test(word)) {
    const whole = resolveUnit(word, ctx.units);
    return {
      unit: whole.kind === 'none' ? unknownUnit(word, ctx) : whole,
      body: named.slice(word.length).trim(),
    };
  }
  if (match.kind !== 'none') return { unit: match, body: named.slice(consumed).trim() };
  const mentioned = findUnitMentions(body, ctx.units)[0];
  if (mentioned) return { unit: { kind: 'found', unit: mentioned }, body };
  // A short unit name inside the text ("第7个问题 交通局"): any word that names exactly one unit.
  for (const word of body.split(/\s+/)) {
    const w = word.replace(UNIT_LEAD, '');
    if (!UNIT_SUFFIX.test(w)) continue;
    const unit = resolveUnit(w, ctx.units);
    if (unit.kind === 'found') return { unit, body: body.replace(word, ' ').replace(/\s+/g, ' ').trim() };
  }
  return { body };
}

/** An unknown unit keeps what was typed and the nearest units, so the refusal can list them. */
function unknownUnit(words: string, ctx: ParseContext): UnitMatch {
  const text = words.replace(UNIT_LEAD, '');
  const none: UnitMatch = { kind: 'none', text };
  const suggestions = nearestUnits(text, ctx.units);
  if (suggestions.length > 0) none.suggestions = suggestions;
  return none;
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
  else if (unit.body !== '') out.unit = unknownUnit(unit.body.split(' ')[0]!, ctx);
  if (deadline) out.deadline = deadline.date;
  if (out.problemNo === undefined) out.missing.push('problemNo');
  if (out.unit?.kind !== 'found') out.missing.push('unit');
  const uncertain = nameDoubts(undefined, out.unit);
  if (uncertain.length > 0) out.uncertain = uncertain;
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
  // A deadline alone ("交办 县自然资源局 8月20日前") says what by when, not what.
  const what = deadline
    ? clean(
        `${body.slice(0, deadline.start)} ${body.slice(deadline.end)}`.replace(
          /(?:之前|以前|前|为止|止|内)/,
          '',
        ),
      )
    : description;
  if (description === '' || what === '') out.missing.push('description');
  const uncertain = nameDoubts(project, out.unit);
  if (uncertain.length > 0) out.uncertain = uncertain;
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
