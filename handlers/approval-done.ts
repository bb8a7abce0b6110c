/**
 * 批复 贺巴 用地报批 [9月20日]: the item was obtained that day (today when no date); the reply says
 * how many calendar days before or after its deadline, and its reminders stop.
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { formatDay } from '../src/format/problem.ts';
import { readApprovalArgs } from '../src/parse/approval.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ApprovalServices } from './approval.ts';
import { sayingApproval, timeliness } from './shared/approval-words.ts';
import { refusalText, resolveProject } from './shared/project-choice.ts';

declare module '../src/parse/types.ts' {
  interface ExtraCommands {
    approvalDone: {
      intent: 'approvalDone';
      text: string;
      project: ProjectMatch;
      item: string;
      /** The day it was obtained; today when absent. */
      date?: IsoDate;
      uncertain?: Uncertainty[];
    };
  }
}

type ApprovalDoneCommand = Extract<ParsedCommand, { intent: 'approvalDone' }>;

const EXAMPLE = '批复 贺巴 用地报批 9月20日';

async function run(ctx: BotContext<ApprovalServices>, cmd: ApprovalDoneCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '登记批复',
    example: EXAMPLE,
  });
  if (!resolved.ok) return resolved.replies;
  const project = resolved.project;
  const may = mayReport(ctx.actor, project);
  if (!may.ok) return [text(refusalText(`登记${project.name}的审批批复`, may.who, Boolean(ctx.actor)))];
  if (!cmd.item) return [text(`请写明取得批复的审批事项，例如：${EXAMPLE}（当天取得的可不写日期）`)];
  const date = cmd.date ?? ctx.today;
  const done = await sayingApproval(EXAMPLE, ctx.today, () =>
    ctx.services.approvals.done({
      projectCode: project.code,
      name: cmd.item,
      date,
      today: ctx.today,
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    }),
  );
  return [
    text(
      [
        `已记录批复：${project.name} ${done.item.name}，${formatDay(done.item.doneAt)}取得。`,
        `办理时限${formatDay(done.item.deadline)}，${timeliness(done.daysEarly)}。该事项不再提醒。`,
      ].join('\n'),
    ),
  ];
}

export const approvalDoneCommand = defineCommand<ApprovalServices, ApprovalDoneCommand>({
  intent: 'approvalDone',
  command: '批复',
  words: ['批复', '审批完成', '审批办结', '已获批复', '取得批复'],
  example: EXAMPLE,
  read: (rest, at, ctx) => {
    const args = readApprovalArgs(rest, ctx, false);
    if (!args) return undefined;
    const out: ApprovalDoneCommand = {
      intent: 'approvalDone',
      text: at.text,
      project: args.project,
      item: args.item,
    };
    if (args.date) out.date = args.date;
    if (args.uncertain) out.uncertain = args.uncertain;
    return out;
  },
  audience: 'report',
  help: [{ title: '审批事项取得批复（不写日期为今天）', example: EXAMPLE }],
  confirm: (cmd) =>
    `${cmd.project.kind === 'found' ? cmd.project.project.name : ''} ${cmd.item}${cmd.date ? ` ${formatDay(cmd.date)}` : ''}取得批复`,
  run,
});
