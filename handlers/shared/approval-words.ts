/**
 * Wording shared by 审批, 批复 and 查 审批: an item's state in a line, and the refusals of the
 * approval service in plain words.
 */

import { daysBetween } from '../../src/calendar/dates.ts';
import type { ApprovalItem } from '../../src/domain/approvals.ts';
import { approvalState } from '../../src/domain/approvals.ts';
import { UserFacingError } from '../../src/errors.ts';
import { formatDay } from '../../src/format/problem.ts';
import { ApprovalError } from '../../src/services/approvals.ts';

/** "用地报批（2021年9月30日前，还有14天）", "…（已于2021年8月20日批复）", "…（逾期12天）". */
export function itemLine(a: ApprovalItem, today: string): string {
  const state = approvalState(a, today);
  if (state === 'done') return `${a.name}（已于${formatDay(a.doneAt)}批复）`;
  const left = daysBetween(today, a.deadline);
  const note = state === 'overdue' ? `逾期${-left}天` : left === 0 ? '今天到期' : `还有${left}天`;
  return `${a.name}（${formatDay(a.deadline)}前，${note}）`;
}

/** "提前3天" / "逾期12天" / "按期（当天）": a 批复 day against its deadline, in calendar days. */
export function timeliness(daysEarly: number): string {
  if (daysEarly > 0) return `提前${daysEarly}天`;
  if (daysEarly < 0) return `逾期${-daysEarly}天`;
  return '按期（当天）';
}

/** Runs an approval change; a refusal of the service comes back as an answer in words. */
export async function sayingApproval<T>(
  example: string,
  today: string,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (err) {
    if (!(err instanceof ApprovalError)) throw err;
    const r = err.refusal;
    switch (r.reason) {
      case 'no_project':
        throw new UserFacingError(`项目库中没有编号为 ${r.code} 的项目。`, 'not_found');
      case 'no_item': {
        const list = r.items.length
          ? `该项目的审批事项：${r.items.map((a) => itemLine(a, today)).join('；')}。`
          : '该项目尚未登记审批事项。';
        throw new UserFacingError(
          `${r.project.name}没有名为“${r.typed}”的审批事项，未作记录。${list}如需新增，请发送“审批 ${r.project.shortName ?? r.project.name} ${r.typed} 10月15日前”。`,
          'not_found',
        );
      }
      case 'several':
        throw new UserFacingError(
          `${r.project.name}有多个审批事项与“${r.typed}”相符：${r.items.map((a) => a.name).join('、')}。请写明事项全称，例如：${example}`,
          'ambiguous',
        );
      case 'already_done':
        throw new UserFacingError(
          `${r.project.name} ${r.item.name}已于${formatDay(r.item.doneAt)}批复，无需重复办理。`,
        );
      case 'unchanged':
        throw new UserFacingError(
          `${r.project.name} ${r.item.name}的办理时限已是${formatDay(r.item.deadline)}，未作改动。`,
        );
      case 'future':
        throw new UserFacingError(
          `批复日期${formatDay(r.date)}晚于今天（${formatDay(r.today)}），请核对；当天取得的可不写日期。`,
        );
    }
  }
}
