/** 升级 #12 原因: moves a problem one tier up and notifies that tier, here and in the project's groups. */
import { defineCommand } from '../src/command/define.ts';
import { CITY } from '../src/domain/county.ts';
import { mayDirect } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { buildEscalate } from '../src/parse/actions.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { findProject } from '../src/services/problem-people.ts';
import { needNumber, type ProblemServices, refusal, saying } from './shared/problem-args.ts';
import { escalatedMessage, forTheCity } from './shared/problem-replies.ts';

const EXAMPLE = '升级 #12 涉及多个部门';

export const escalateCommand = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'escalate' }>>(
  {
    intent: 'escalate',
    command: '升级',
    words: ['升级', '提级', '上报协调', '提请协调', '报请协调', '申请协调', '提交协调会', '上会'],
    // 上报 is a progress report; "上报 #12" escalates.
    wordsNeedingRef: ['上报'],
    example: EXAMPLE,
    read: (rest, at) => buildEscalate(at.text, rest),
    audience: 'direct',
    help: [{ title: '升级协调层级', example: EXAMPLE }],
    async run(ctx, cmd) {
      if (!cmd.problemNo) throw needNumber(EXAMPLE);
      const { problems, library, notifier } = ctx.services;
      const current = await problems.get(cmd.problemNo);
      if (!current) throw new UserFacingError(`没有找到 #${cmd.problemNo}，请核对编号。`, 'not_found');
      const project = current.projectCode ? await findProject(library, current.projectCode) : null;
      const may = mayDirect(ctx.actor, project, { county: current.county ?? ctx.config.COUNTY });
      if (!may.ok) throw refusal(`升级 #${cmd.problemNo}`, may.who, ctx.actor);
      const result = await saying(EXAMPLE, () =>
        problems.escalate(cmd.problemNo!, {
          by: ctx.msg.userId,
          reason: cmd.reason?.trim() || undefined,
          sourceMsgId: ctx.msg.msgId,
        }),
      );
      const notice = await escalatedMessage(library, result);
      if (result.problem.projectCode) {
        // The new tier hears of it in the project's groups too; this chat reads it as the reply.
        await notifier
          .toProjectGroups(result.problem.projectCode, [notice], {
            sub: '提醒',
            id: `escalate:${result.problem.no}:${result.to}`,
            exceptChatId: ctx.msg.chatId,
          })
          .catch((err) =>
            ctx.log.error({ err, no: result.problem.no }, 'escalation notice to project groups failed'),
          );
      }
      if (result.to === 4) {
        // 市重大项目协调会: the city's groups that subscribe to 提醒 hear of it, with its county.
        const county = result.problem.county ?? result.project?.county ?? ctx.config.COUNTY;
        await notifier
          .toSubscribers('提醒', [forTheCity(notice, county)], {
            county: CITY,
            id: `escalate:${result.problem.no}:4:city`,
            exceptChatId: ctx.msg.chatId,
          })
          .catch((err) => ctx.log.error({ err, no: result.problem.no }, 'tier-4 notice to the city failed'));
      }
      return [notice];
    },
  },
);
