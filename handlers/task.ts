/** 派单 / 交办 without a number: a new numbered 督办事项 for a unit, tracked like a problem. */
import { defineCommand } from '../src/command/define.ts';
import { mayDirect } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { buildTask, hasProblemRef } from '../src/parse/actions.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { findProject } from '../src/services/problem-people.ts';
import { type ProblemServices, projectCodeOf, refusal, saying, unitNameOf } from './shared/problem-args.ts';
import { taskMessage } from './shared/problem-replies.ts';

const EXAMPLE = '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局';

export const taskCommand = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'task' }>>({
  intent: 'task',
  command: '派单',
  words: ['派单', '交办', '督办', '转办', '指派'],
  example: EXAMPLE,
  // With a problem number these words assign that problem (assign.ts).
  read: (rest, at, ctx) => (hasProblemRef(rest) ? undefined : buildTask(at.text, rest, ctx)),
  audience: 'direct',
  help: [{ title: '派发督办事项', example: EXAMPLE }],
  confirm: (cmd) =>
    `派单 ${cmd.unit.kind === 'found' ? cmd.unit.unit.name : ''} ${cmd.description}${cmd.deadline ? `（${cmd.deadline}前）` : ''}`,
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
    const { problem, unit } = await saying(EXAMPLE, () =>
      ctx.services.problems.createTask({
        projectCode: code,
        unitName,
        description: cmd.description.trim(),
        deadline: cmd.deadline,
        by: ctx.msg.userId,
        sourceMsgId: ctx.msg.msgId,
      }),
    );
    return [await taskMessage(ctx.services.library, problem, project, unit)];
  },
});
