/**
 * The arguments of 审批 and 批复: a project, the approval item's name, and a date ("10月15日前" for a
 * deadline, "9月20日" for the day it was obtained). "审批 贺巴 环评批复 10月15日前",
 * "批复 贺巴 用地报批 已于9月20日取得". Pure.
 */
import { nameDoubts, takeProject } from './actions.ts';
import { findDates, findDeadline } from './dates.ts';
import { restoreCjkPunctuation } from './normalize.ts';
import { findProblemRefs } from './problem-ref.ts';
import type { IsoDate, ParseContext, ProjectMatch, Uncertainty } from './types.ts';

export interface ApprovalArgs {
  project: ProjectMatch;
  /** The item as written, without the date and its filler words; '' when none. */
  item: string;
  date?: IsoDate;
  uncertain?: Uncertainty[];
}

// Words around a date that are not part of the item's name.
const BEFORE_DATE = /(?:办理时限|时限|期限|截止(?:日期)?|最迟|不晚于|限|已于|已在|于|在|为)\s*$/;
const AFTER_DATE =
  /^\s*(?:之前|以前|前|为止|止|内)?\s*(?:办结|办理完成|完成|办完|取得|获批|批复|拿到)?(?:了)?/;
const FILLER_EDGE = /^[\s,;:、。]+|[\s,;:、。]+$/g;
const NAME_LEAD = /^(?:事项|审批事项|审批环节)\s*[:]?\s*/;
const NAME_TAIL = /\s*(?:已取得|已办结|已完成|已获批|已批复|取得|办结|完成|获批)$/;

/**
 * Reads `rest` (after the command word). `deadline`: the date is a deadline (审批), so a date marked
 * with 前 wins; otherwise the first date is taken (批复). A message about a problem number
 * ("批复 #12") is not this command: undefined.
 */
export function readApprovalArgs(
  rest: string,
  ctx: ParseContext,
  deadline: boolean,
): ApprovalArgs | undefined {
  if (findProblemRefs(rest).length) return undefined;
  const { project, body } = takeProject(rest.trim(), ctx);
  const token = deadline ? findDeadline(body, ctx) : findDates(body, ctx)[0];
  let before = body;
  let after = '';
  if (token) {
    before = body.slice(0, token.start).replace(BEFORE_DATE, '');
    after = body.slice(token.end).replace(AFTER_DATE, '');
  }
  const item = restoreCjkPunctuation(
    `${before} ${after}`
      .replace(FILLER_EDGE, '')
      .replace(NAME_LEAD, '')
      .replace(NAME_TAIL, '')
      .replace(/\s+/g, '')
      .replace(FILLER_EDGE, ''),
  );
  const out: ApprovalArgs = { project, item };
  if (token) out.date = token.date;
  const doubts = nameDoubts(project);
  if (doubts.length) out.uncertain = doubts;
  return out;
}
