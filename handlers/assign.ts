/** 交办 #12 单位 时限: sets the responsible unit and deadline of a problem or 督办事项. */
import { defineCommand } from '../src/command/define.ts';
import { mayDirect } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { buildAssign, hasProblemRef } from '../src/parse/actions.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { findProject } from '../src/services/problem-people.ts';
import {
  needNumber,
  type ProblemServices,
  refusal,
  saying,
  tellTheCounty,
  unitNameOf,
} from './shared/problem-args.ts';
import { assignedMessage } from './shared/problem-replies.ts';

const EXAMPLE = '交办 #12 县自然资源局 8月20日前';

export const assignCommand = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'assign' }>>({
  intent: 'assign',
  command: '交办',
  words: ['交办', '督办', '转办', '指派', '派单'],
  example: EXAMPLE,
  // With a problem number these words assign it; without one, 派单 makes a new 督办事项 (task.ts).
  read: (rest, at, ctx) => (hasProblemRef(rest) ? buildAssign(at.text, rest, ctx) : undefined),
  audience: 'direct',
  help: [{ title: '交办问题（定承办单位和时限）', example: EXAMPLE }],
  confirm: (cmd) =>
    `交办 #${cmd.problemNo}${cmd.unit?.kind === 'found' ? ` ${cmd.unit.unit.name}` : ''}${cmd.deadline ? ` ${cmd.deadline}前` : ''}`,
  async run(ctx, cmd) {
    if (!cmd.problemNo) throw needNumber(EXAMPLE);
    if (!cmd.unit && !cmd.deadline) throw new UserFacingError(`请写明承办单位和办理时限，例如：${EXAMPLE}`);
    const problems = ctx.services.problems;
    const current = await problems.get(cmd.problemNo);
    if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
    const project = current.projectCode ? await findProject(ctx.services.library, current.projectCode) : null;
    const may = mayDirect(ctx.actor, project, { county: current.county ?? ctx.config.COUNTY });
    if (!may.ok) throw refusal(`交办 #${cmd.problemNo}`, may.who, ctx.actor);
    const unitName = unitNameOf(cmd.unit) ?? current.unitName ?? undefined;
    if (!unitName) throw new UserFacingError(`请写明承办单位，例如：${EXAMPLE}`);
    const { problem, unit } = await saying(EXAMPLE, () =>
      problems.assign(cmd.problemNo!, {
        unitName,
        deadline: cmd.deadline,
        by: ctx.msg.userId,
        sourceMsgId: ctx.msg.msgId,
      }),
    );
    const reply = await assignedMessage(ctx.services.library, problem, project, unit);
    await tellTheCounty(ctx, problem, reply, 'assign');
    return [reply];
  },
});
