/** 问题: raises a numbered problem on a project (tier 1, the named unit or the 牵头单位). */
import { defineCommand } from '../src/bot/command.ts';
import { mayReport } from '../src/bot/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ProblemServices, projectCodeOf, refusal, unitNameOf } from '../src/services/problem-chat.ts';
import { raisedMessage } from '../src/services/problem-messages.ts';
import { findProject } from '../src/services/problem-people.ts';

const EXAMPLE = '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调';

export const problemHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'problem' }>>({
  intent: 'problem',
  help: {
    usage: '问题 项目 类别：问题描述（需XX单位协调）',
    example: EXAMPLE,
    roles: ['项目联系人', '指挥长', '县领导'],
  },
  async run(ctx, cmd) {
    const code = projectCodeOf(cmd.project, EXAMPLE);
    if (!cmd.description?.trim()) throw new UserFacingError(`请写明问题内容，例如：${EXAMPLE}`);
    const project = await findProject(ctx.services.library, code);
    if (!project) throw new UserFacingError(`项目库中没有编号为 ${code} 的项目。`, 'not_found');
    const may = mayReport(ctx.actor, project);
    if (!may.ok) throw refusal(`登记${project.name}的问题`, may.who, ctx.actor);
    const { problem, unit } = await ctx.services.problems.raise({
      projectCode: code,
      category: cmd.category,
      description: cmd.description.trim(),
      unitName: unitNameOf(cmd.unit) ?? cmd.unitName,
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    });
    return [await raisedMessage(ctx.services.library, problem, project, unit)];
  },
});
