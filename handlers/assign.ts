/** 交办 #12 单位 时限: sets the responsible unit and deadline of a problem or 督办事项. */
import { defineCommand } from '../src/bot/command.ts';
import { mayDirect } from '../src/bot/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { needNumber, type ProblemServices, refusal, unitNameOf } from '../src/services/problem-chat.ts';
import { assignedMessage } from '../src/services/problem-messages.ts';
import { findProject } from '../src/services/problem-people.ts';

const EXAMPLE = '交办 #12 县自然资源局 8月20日前';

export const assignHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'assign' }>>({
  intent: 'assign',
  help: { usage: '交办 #编号 承办单位 办理时限', example: EXAMPLE, roles: ['指挥长', '县领导', '重大办'] },
  async run(ctx, cmd) {
    if (!cmd.problemNo) throw needNumber(EXAMPLE);
    if (!cmd.unit && !cmd.deadline) throw new UserFacingError(`请写明承办单位和办理时限，例如：${EXAMPLE}`);
    const problems = ctx.services.problems;
    const current = await problems.get(cmd.problemNo);
    if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
    const project = current.projectCode ? await findProject(ctx.services.library, current.projectCode) : null;
    const may = mayDirect(ctx.actor, project);
    if (!may.ok) throw refusal(`交办 #${cmd.problemNo}`, may.who, ctx.actor);
    const unitName = unitNameOf(cmd.unit) ?? current.unitName ?? undefined;
    if (!unitName) throw new UserFacingError(`请写明承办单位，例如：${EXAMPLE}`);
    const { problem, unit } = await problems.assign(cmd.problemNo, {
      unitName,
      deadline: cmd.deadline,
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    });
    return [await assignedMessage(ctx.services.library, problem, project, unit)];
  },
});
