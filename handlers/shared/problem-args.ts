/**
 * What the problem commands share: turning the parser's project / unit matches into a code and a
 * unit — or into a question when they do not resolve — and saying in words why the problem service
 * refused a change. A match that needs the person's attention becomes a UserFacingError, which the
 * bot app answers as it is.
 */
import type { BotContext } from '../../src/command/context.ts';
import type { Library, ProblemDoc } from '../../src/data/index.ts';
import { localCode } from '../../src/domain/county.ts';
import type { Reply } from '../../src/domain/messages.ts';
import type { Actor } from '../../src/domain/permissions.ts';
import { UserFacingError } from '../../src/errors.ts';
import { formatDay } from '../../src/format/problem.ts';
import type { ProjectMatch, UnitMatch } from '../../src/parse/types.ts';
import type { Notifier } from '../../src/services/notifier.ts';
import { ProblemError } from '../../src/services/problem-errors.ts';
import type { ProblemService } from '../../src/services/problems.ts';

/** The services the problem commands need. */
export interface ProblemServices {
  problems: ProblemService;
  library: Library;
  notifier: Notifier;
}

/** The project code of a match, or an answer asking the person to choose or correct. */
export function projectCodeOf(match: ProjectMatch | undefined, example: string): string {
  if (!match || (match.kind === 'none' && !match.text.trim())) {
    throw new UserFacingError(`请写明项目名称，例如：${example}`);
  }
  if (match.kind === 'found') return match.project.code;
  if (match.kind === 'ambiguous') {
    const list = match.candidates
      .map((p, i) => `${i + 1}. ${p.name}（${p.county ? `${p.county} ` : ''}${localCode(p.code)}）`)
      .join('\n');
    throw new UserFacingError(
      `有多个项目符合，请写明是哪一个（可用全称、简称或项目编号）：\n${list}`,
      'ambiguous',
    );
  }
  const near = match.suggestions?.length
    ? `相近的项目有：${match.suggestions.map((p) => p.name).join('、')}。`
    : '';
  throw new UserFacingError(
    `项目库中没有找到“${match.text}”。${near}请使用项目全称、简称或项目编号。发送“查 项目名”可核对。`,
    'not_found',
  );
}

/**
 * The library's name of the unit a match names. A unit the library does not know is never stored:
 * the answer names the nearest units instead.
 */
export function unitNameOf(match: UnitMatch | undefined): string | undefined {
  if (!match) return undefined;
  if (match.kind === 'found') return match.unit.name;
  if (match.kind === 'ambiguous') {
    const list = match.candidates.map((u, i) => `${i + 1}. ${u.name}`).join('\n');
    throw new UserFacingError(`有多个单位符合，请写明单位全称：\n${list}`, 'ambiguous');
  }
  if (!match.text.trim()) return undefined;
  const near = match.suggestions?.length
    ? `相近的单位有：${match.suggestions.map((u) => u.name).join('、')}。`
    : '';
  throw new UserFacingError(
    `单位名单中没有“${match.text.trim()}”，未作记录。${near}请使用单位全称或简称。`,
    'not_found',
  );
}

export function needNumber(example: string): UserFacingError {
  return new UserFacingError(`请写明问题编号，例如：${example}。发送“查 问题”可查看在办问题及编号。`);
}

/** "抱歉，您没有权限交办 #12。可以办理的是：该项目的指挥长、联系县领导，或县重大办。" */
export function refusal(what: string, who: string, actor: Actor | null): UserFacingError {
  const hint = actor ? '' : '\n您尚未登记在项目库人员名单中，如需办理请联系县重大办登记。';
  return new UserFacingError(`抱歉，您没有权限${what}。可以办理的是：${who}。${hint}`, 'permission_denied');
}

function closedText(p: ProblemDoc): string {
  if (p.status === 'withdrawn') return `#${p.no} 已撤销，无需再办理。`;
  const when = p.resolvedAt ? `于${formatDay(p.resolvedAt.toISOString().slice(0, 10))}` : '';
  return `#${p.no} 已${when}办结，无需重复办理。办结情况：${p.resolutionNote ?? '无'}`;
}

/** Runs a problem change; a refusal of the problem service comes back as an answer in words. */
export async function saying<T>(example: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    const r = err.refusal;
    switch (r.reason) {
      case 'not_found':
        throw new UserFacingError(
          `没有找到 #${r.no}，请核对编号。发送“查 问题”可查看在办问题。`,
          'not_found',
        );
      case 'closed':
        throw new UserFacingError(closedText(r.problem));
      case 'top_tier':
        throw new UserFacingError(
          `#${r.problem.no} 已是最高协调层级（四级，市重大项目协调会），无法继续升级。请县重大办跟进市级协调结果。`,
        );
      case 'moved':
        throw new UserFacingError(
          `#${r.problem.no} 刚刚已被调整为${r.problem.tier}级，请查看后再操作（发送“查 #${r.problem.no}”）。`,
        );
      case 'unchanged':
        throw new UserFacingError(
          `#${r.problem.no} 已由${r.unitName}承办${r.problem.deadline ? `，时限${formatDay(r.problem.deadline)}` : ''}，无需重复交办。`,
        );
      case 'no_unit':
        throw new UserFacingError(`请写明承办单位，例如：${example}`);
      case 'no_project':
        throw new UserFacingError(`项目库中没有编号为 ${r.code} 的项目。`, 'not_found');
    }
  }
}

/**
 * What the city did with a problem (交办 / 办结 in a city group, a tier-4 problem's usual place):
 * the county's groups that follow the project, or that subscribe to 提醒 for a task without one,
 * see the outcome too.
 */
export async function tellTheCounty(
  ctx: BotContext<ProblemServices>,
  problem: ProblemDoc,
  reply: Reply,
  action: string,
): Promise<void> {
  if (ctx.scope?.county !== null || !ctx.scope) return;
  const id = `${action}:${problem.no}:county`;
  const except = ctx.msg.chatId;
  const notifier = ctx.services.notifier;
  await (problem.projectCode
    ? notifier.toProjectGroups(problem.projectCode, [reply], { sub: '提醒', id, exceptChatId: except })
    : notifier.toSubscribers('提醒', [reply], {
        id,
        county: problem.county ?? ctx.config.COUNTY,
        exceptChatId: except,
      })
  ).catch((err) => ctx.log.error({ err, no: problem.no }, 'outcome to the county groups failed'));
}
