/** 办结 #12 办理情况: closes a problem or 督办事项 with the note. */
import { defineCommand } from '../src/command/define.ts';
import { mayResolve } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { buildResolve } from '../src/parse/actions.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { findProject } from '../src/services/problem-people.ts';
import { needNumber, type ProblemServices, refusal, saying, tellTheCounty } from './shared/problem-args.ts';
import { resolvedMessage } from './shared/problem-replies.ts';

const EXAMPLE = '办结 #12 已完成签约';

export const resolveCommand = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'resolve' }>>({
  intent: 'resolve',
  command: '办结',
  words: ['办结', '已办结', '销号', '结案', '已解决'],
  // 完成 / 解决 alone mean something else; "完成 #12" resolves.
  wordsNeedingRef: ['完成', '解决', '关闭', '已完成'],
  example: EXAMPLE,
  hints: { re: /#\s*\d+|第\s*\d+\s*号/, rank: 3 },
  read: (rest, at) => buildResolve(at.text, rest),
  audience: 'resolve',
  help: [{ title: '办结问题或督办事项', example: EXAMPLE }],
  async run(ctx, cmd) {
    if (!cmd.problemNo) throw needNumber(EXAMPLE);
    const problems = ctx.services.problems;
    const current = await problems.get(cmd.problemNo);
    if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
    const project = current.projectCode ? await findProject(ctx.services.library, current.projectCode) : null;
    const may = mayResolve(
      ctx.actor,
      project,
      { unitName: current.unitName, county: current.county ?? ctx.config.COUNTY },
      await ctx.services.library.unitHead(current.unitName, current.county ?? project?.county),
    );
    if (!may.ok) throw refusal(`办结 #${cmd.problemNo}`, may.who, ctx.actor);
    const problem = await saying(EXAMPLE, () =>
      problems.resolve(cmd.problemNo!, {
        note: cmd.note?.trim() || '已办结',
        by: ctx.msg.userId,
        sourceMsgId: ctx.msg.msgId,
      }),
    );
    const reply = await resolvedMessage(problem, project, ctx.actorName);
    await tellTheCounty(ctx, problem, reply, 'resolve');
    return [reply];
  },
});
