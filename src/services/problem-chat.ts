/**
 * What the problem handlers share: turning the parser's project / unit matches into a choice or a
 * question, and the wording of a refusal. A match that needs the person's attention becomes a
 * UserFacingError, which the bot app answers as it is.
 */
import type { Actor } from '../bot/permissions.ts';
import type { Library } from '../data/index.ts';
import { UserFacingError } from '../errors.ts';
import type { ProjectMatch, UnitMatch } from '../parse/types.ts';
import type { ProblemService } from './problems.ts';

/** The services the problem handlers need; the lead's Services has them under these names. */
export interface ProblemServices {
  problems: ProblemService;
  library: Library;
}

/** The project code of a match, or an answer asking the person to choose or correct. */
export function projectCodeOf(match: ProjectMatch | undefined, example: string): string {
  if (!match || (match.kind === 'none' && !match.text.trim())) {
    throw new UserFacingError(`请写明项目名称，例如：${example}`);
  }
  if (match.kind === 'found') return match.project.code;
  if (match.kind === 'ambiguous') {
    const list = match.candidates.map((p, i) => `${i + 1}. ${p.name}（${p.code}）`).join('\n');
    throw new UserFacingError(
      `有多个项目符合，请写明是哪一个（可用全称、简称或项目编号）：\n${list}`,
      'ambiguous',
    );
  }
  throw new UserFacingError(
    `项目库中没有找到“${match.text}”，请使用项目全称、简称或项目编号。发送“查 项目名”可核对。`,
    'not_found',
  );
}

/** The unit name of a match: canonical when found, as written when the library does not know it. */
export function unitNameOf(match: UnitMatch | undefined): string | undefined {
  if (!match) return undefined;
  if (match.kind === 'found') return match.unit.name;
  if (match.kind === 'ambiguous') {
    const list = match.candidates.map((u, i) => `${i + 1}. ${u.name}`).join('\n');
    throw new UserFacingError(`有多个单位符合，请写明单位全称：\n${list}`, 'ambiguous');
  }
  return match.text.trim() || undefined;
}

export function needNumber(example: string): UserFacingError {
  return new UserFacingError(`请写明问题编号，例如：${example}。发送“查 问题”可查看在办问题及编号。`);
}

/** "抱歉，您没有权限交办 #12。可以办理的是：该项目的指挥长、联系县领导，或县重大办。" */
export function refusal(what: string, who: string, actor: Actor | null): UserFacingError {
  const hint = actor ? '' : '\n您尚未登记在项目库人员名单中，如需办理请联系县重大办登记。';
  return new UserFacingError(`抱歉，您没有权限${what}。可以办理的是：${who}。${hint}`, 'permission_denied');
}
