/** 审批 贺巴 环评批复 10月15日前: adds an approval item to the project, or moves its deadline. */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { formatDay } from '../src/format/problem.ts';
import { readApprovalArgs } from '../src/parse/approval.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ApprovalService } from '../src/services/approvals.ts';
import { sayingApproval } from './shared/approval-words.ts';
import { type ReportServices, refusalText, resolveProject } from './shared/project-choice.ts';

declare module '../src/parse/types.ts' {
  interface ExtraCommands {
    approval: {
      intent: 'approval';
      text: string;
      project: ProjectMatch;
      /** The item's name as written. */
      item: string;
      deadline?: IsoDate;
      uncertain?: Uncertainty[];
    };
  }
}

export type ApprovalCommand = Extract<ParsedCommand, { intent: 'approval' }>;
export type ApprovalServices = ReportServices & { approvals: ApprovalService };

const EXAMPLE = '审批 贺巴 环评批复 10月15日前';

async function run(ctx: BotContext<ApprovalServices>, cmd: ApprovalCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '登记审批事项',
    example: EXAMPLE,
  });
  if (!resolved.ok) return resolved.replies;
  const project = resolved.project;
  const may = mayReport(ctx.actor, project);
  if (!may.ok) return [text(refusalText(`登记${project.name}的审批事项`, may.who, Boolean(ctx.actor)))];
  if (!cmd.item) return [text(`请写明审批事项名称和办理时限，例如：${EXAMPLE}`)];
  if (!cmd.deadline) return [text(`请写明${cmd.item}的办理时限，例如：${EXAMPLE}`)];
  const deadline = cmd.deadline;
  const set = await sayingApproval(EXAMPLE, ctx.today, () =>
    ctx.services.approvals.set({
      projectCode: project.code,
      name: cmd.item,
      deadline,
      today: ctx.today,
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    }),
  );
  const short = project.shortName ?? project.name;
  const lines = set.previousDeadline
    ? [
        `已调整审批事项时限：${project.name} ${set.item.name}，由${formatDay(set.previousDeadline)}调整为${formatDay(set.item.deadline)}。`,
      ]
    : [`已登记审批事项：${project.name} ${set.item.name}，办理时限${formatDay(set.item.deadline)}。`];
  if (set.item.deadline < ctx.today) lines.push('注意：该时限已过，将列入逾期审批事项。');
  lines.push(
    `到期前${ctx.config.DUE_SOON_DAYS}天起每个工作日提醒项目联系人和牵头单位负责人；取得批复后请发送“批复 ${short} ${set.item.name}”。`,
  );
  return [text(lines.join('\n'))];
}

export const approvalCommand = defineCommand<ApprovalServices, ApprovalCommand>({
  intent: 'approval',
  command: '审批',
  words: ['审批', '审批事项', '报审批', '登记审批', '新增审批'],
  example: EXAMPLE,
  read: (rest, at, ctx) => {
    const args = readApprovalArgs(rest, ctx, true);
    if (!args) return undefined;
    const out: ApprovalCommand = {
      intent: 'approval',
      text: at.text,
      project: args.project,
      item: args.item,
    };
    if (args.date) out.deadline = args.date;
    if (args.uncertain) out.uncertain = args.uncertain;
    return out;
  },
  audience: 'report',
  help: [{ title: '登记审批事项或调整办理时限', example: EXAMPLE }],
  confirm: (cmd) =>
    `${cmd.project.kind === 'found' ? cmd.project.project.name : ''} 审批事项${cmd.item}${cmd.deadline ? `，${formatDay(cmd.deadline)}前` : ''}`,
  run,
});
