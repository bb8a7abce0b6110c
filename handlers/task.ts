/** 派单 / 交办 without a number: a new numbered 督办事项 for a unit, tracked like a problem. */
import { defineCommand } from '../src/bot/command.ts';
import { mayDirect } from '../src/bot/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ProblemServices, projectCodeOf, refusal, unitNameOf } from '../src/services/problem-chat.ts';
import { taskMessage } from '../src/services/problem-messages.ts';
import { findProject } from '../src/services/problem-people.ts';

const EXAMPLE = '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局';

export const taskHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'task' }>>({
  intent: 'task',
  help: { usage: '派单 承办单位 项目 事项及时限', example: EXAMPLE, roles: ['指挥长', '县领导', '重大办'] },
  async run(ctx, cmd) {
    const unitName = unitNameOf(cmd.unit);
    if (!unitName) throw new UserFacingError(`请写明承办单位，例如：${EXAMPLE}`);
    if (!cmd.description?.trim()) throw new UserFacingError(`请写明督办事项内容，例如：${EXAMPLE}`);
    // A task may stand without a project; a project that was named must resolve.
    const named = cmd.project && !(cmd.project.kind === 'none' && !cmd.project.text.trim());
    const code = named ? projectCodeOf(cmd.project, EXAMPLE) : null;
    const project = code ? await findProject(ctx.services.library, code) : null;
    const may = mayDirect(ctx.actor, project);
    if (!may.ok) throw refusal('派发督办事项', may.who, ctx.actor);
    const { problem, unit } = await ctx.services.problems.createTask({
      projectCode: code,
      unitName,
      description: cmd.description.trim(),
      deadline: cmd.deadline,
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    });
    return [await taskMessage(ctx.services.library, problem, project, unit)];
  },
});
