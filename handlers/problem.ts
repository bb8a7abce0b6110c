/** 问题: raises a numbered problem on a project (tier 1, the named unit or the 牵头单位). */
import { defineCommand } from '../src/command/define.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { readProblemWord } from '../src/parse/readers.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { findProject } from '../src/services/problem-people.ts';
import { type ProblemServices, projectCodeOf, refusal, saying, unitNameOf } from './shared/problem-args.ts';
import { raisedMessage } from './shared/problem-replies.ts';

const EXAMPLE = '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调';

export const problemCommand = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'problem' }>>({
  intent: 'problem',
  command: '问题',
  words: ['问题', '反映', '困难', '诉求', '反映问题', '报问题', '提问题', '新问题', '上报问题'],
  example: EXAMPLE,
  hints: { re: /签约|拆迁|征地|阻工|协调|困难|未解决/, rank: 2 },
  // "问题12" looks at a problem, "问题 逾期" at the list: the reader returns those as 查.
  read: (rest, at, ctx) => readProblemWord(at.text, rest, ctx),
  audience: 'report',
  help: [{ title: '反映问题', example: EXAMPLE, welcome: true }],
  confirm: (cmd) =>
    `${cmd.project.kind === 'found' ? cmd.project.project.name : ''}【${cmd.category}】${cmd.description}${
      cmd.unit?.kind === 'found' ? `（需${cmd.unit.unit.name}协调）` : ''
    }`,
  async run(ctx, cmd) {
    const code = projectCodeOf(cmd.project, EXAMPLE);
    if (!cmd.description?.trim()) throw new UserFacingError(`请写明问题内容，例如：${EXAMPLE}`);
    const project = await findProject(ctx.services.library, code);
    if (!project) throw new UserFacingError(`项目库中没有编号为 ${code} 的项目。`, 'not_found');
    const may = mayReport(ctx.actor, project);
    if (!may.ok) throw refusal(`登记${project.name}的问题`, may.who, ctx.actor);
    // The unit named as 需XX协调 must be one the library knows; the project's 牵头单位 otherwise.
    const named = cmd.unit ? unitNameOf(cmd.unit) : undefined;
    const { problem, unit } = await saying(EXAMPLE, () =>
      ctx.services.problems.raise({
        projectCode: code,
        category: cmd.category,
        description: cmd.description.trim(),
        unitName: named,
        by: ctx.msg.userId,
        sourceMsgId: ctx.msg.msgId,
      }),
    );
    return [await raisedMessage(ctx.services.library, problem, project, unit)];
  },
});
