/**
 * 升级: one tier up, refused past tier 4 and on closed problems; the new tier is told in the chat
 * reply and in the project's groups. The escalation job calls this with auto: true.
 */
import type { Reply } from '../bot/types.ts';
import type { Data } from '../data/index.ts';
import { UserFacingError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from './notifier.ts';
import { escalatedMessage } from './problem-messages.ts';
import { findProject } from './problem-people.ts';
import { audit, closedError, mustGet, type ProblemDoc, type Source } from './problem-store.ts';

export const TOP_TIER = 4;

export interface EscalateOptions extends Omit<Source, 'via'> {
  reason?: string;
  /** True when the escalation job moved an overdue problem up. */
  auto?: boolean;
  /** The chat the 升级 came from: it reads the notice as the reply, so it is not posted there again. */
  fromChatId?: string;
}

export interface Escalation {
  problem: ProblemDoc;
  from: number;
  to: number;
  /** The people of the new tier, @-mentioned in `notice`. */
  notifyIds: string[];
  notice: Reply;
  /** How many project groups the notice was posted to. */
  posted: number;
}

/**
 * Moves an open problem one tier up and tells the new tier. Shared by 升级 in chat and by the
 * escalation job (auto: true). Refuses past tier 4 and on closed problems.
 */
export async function escalateProblem(
  data: Data,
  no: number,
  opts: EscalateOptions & { at?: Date; notifier?: Notifier; log?: Logger },
): Promise<Escalation> {
  const at = opts.at ?? new Date();
  const current = await mustGet(data, no);
  if (current.status !== 'open') throw closedError(current);
  if (current.tier >= TOP_TIER) {
    throw new UserFacingError(
      `#${no} 已是最高协调层级（四级，市重大项目协调会），无法继续升级。请县重大办跟进市级协调结果。`,
    );
  }
  const from = current.tier;
  const to = (from + 1) as 2 | 3 | 4;
  const note = [opts.reason, opts.auto ? '逾期未办结，系统自动升级' : ''].filter(Boolean).join('；');
  const updated = await data.problems.change(
    no,
    { status: 'open', tier: from },
    { tier: to, escalatedAt: at },
    { at, by: opts.by, action: 'escalate', from, to, note: note || undefined, sourceMsgId: opts.sourceMsgId },
  );
  if (!updated) {
    // Someone else escalated or closed it between our read and write.
    const now = await mustGet(data, no);
    if (now.status !== 'open') throw closedError(now);
    throw new UserFacingError(`#${no} 刚刚已被调整为${now.tier}级，请查看后再操作（发送“查 #${no}”）。`);
  }
  const via = opts.auto ? 'job' : 'chat';
  await audit(
    data,
    no,
    'escalate',
    { tier: from },
    { tier: to },
    { by: opts.by, sourceMsgId: opts.sourceMsgId, via },
    at,
  );
  const project = updated.projectCode ? await findProject(data.library, updated.projectCode) : null;
  const { reply, notifyIds } = await escalatedMessage(data.library, updated, project, { from, reason: note });
  let posted = 0;
  if (opts.notifier && updated.projectCode) {
    try {
      posted = await opts.notifier.toProjectGroups(updated.projectCode, [reply], {
        sub: '提醒',
        id: `escalate:${no}:${to}`,
        exceptChatId: opts.fromChatId,
      });
    } catch (err) {
      // The escalation itself stands; the chat reply still tells the people concerned.
      opts.log?.error({ err, no }, 'escalation notice to project groups failed');
    }
  }
  return { problem: updated, from, to, notifyIds, notice: reply, posted };
}
