/** 办结 #12 办理情况: closes a problem or 督办事项 with the note. */
import { defineCommand } from '../src/bot/command.ts';
import { mayResolve } from '../src/bot/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { needNumber, type ProblemServices, refusal } from '../src/services/problem-chat.ts';
import { resolvedMessage } from '../src/services/problem-messages.ts';
import { findProject } from '../src/services/problem-people.ts';

const EXAMPLE = '办结 #12 已完成签约';

export const resolveHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'resolve' }>>({
  intent: 'resolve',
  help: {
    usage: '办结 #编号 办理情况',
    example: EXAMPLE,
    roles: ['指挥长', '县领导', '单位负责人', '重大办'],
  },
  async run(ctx, cmd) {
    if (!cmd.problemNo) throw needNumber(EXAMPLE);
    const problems = ctx.services.problems;
    const current = await problems.get(cmd.problemNo);
    if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
    const project = current.projectCode ? await findProject(ctx.services.library, current.projectCode) : null;
    const may = mayResolve(
      ctx.actor,
      project,
      current,
      await ctx.services.library.unitHead(current.unitName),
    );
    if (!may.ok) throw refusal(`办结 #${cmd.problemNo}`, may.who, ctx.actor);
    const problem = await problems.resolve(cmd.problemNo, {
      note: cmd.note?.trim() || '已办结',
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    });
    return [await resolvedMessage(problem, project, ctx.actorName)];
  },
});
