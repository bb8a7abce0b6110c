/** 升级 #12 原因: moves a problem one tier up and notifies that tier, here and in the project's groups. */
import { defineCommand } from '../src/bot/command.ts';
import { mayDirect } from '../src/bot/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { needNumber, type ProblemServices, refusal } from '../src/services/problem-chat.ts';
import { findProject } from '../src/services/problem-people.ts';

const EXAMPLE = '升级 #12 涉及多个部门';

export const escalateHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'escalate' }>>(
  {
    intent: 'escalate',
    help: { usage: '升级 #编号 原因', example: EXAMPLE, roles: ['指挥长', '县领导', '重大办'] },
    async run(ctx, cmd) {
      if (!cmd.problemNo) throw needNumber(EXAMPLE);
      const problems = ctx.services.problems;
      const current = await problems.get(cmd.problemNo);
      if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
      const project = current.projectCode
        ? await findProject(ctx.services.library, current.projectCode)
        : null;
      const may = mayDirect(ctx.actor, project);
      if (!may.ok) throw refusal(`升级 #${cmd.problemNo}`, may.who, ctx.actor);
      const result = await problems.escalate(cmd.problemNo, {
        by: ctx.msg.userId,
        reason: cmd.reason?.trim() || undefined,
        sourceMsgId: ctx.msg.msgId,
        fromChatId: ctx.msg.chatId,
      });
      return [result.notice];
    },
  },
);
