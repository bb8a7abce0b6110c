/** 开工 / 竣工 / 投产: records the event (counted in the daily summary) and the project's new status. */
import { type BotContext, defineCommand } from '../src/bot/command.ts';
import { mayReport } from '../src/bot/permissions.ts';
import { type Reply, text } from '../src/bot/types.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ReportServices, refusalText, resolveProject } from '../src/services/report-chat.ts';
import { dayLabel } from '../src/services/report-format.ts';

export type StatusCommand = Extract<ParsedCommand, { intent: 'status' }>;

const EXAMPLE = '开工 福六水库 2021-08-01';

export async function runStatus(ctx: BotContext<ReportServices>, cmd: StatusCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, cmd, EXAMPLE);
  if (!resolved.ok) return resolved.replies;
  const project = resolved.project;
  const may = mayReport(ctx.actor, project);
  if (!may.ok) return [text(refusalText(`登记${project.name}${cmd.status}`, may.who, Boolean(ctx.actor)))];

  const date = cmd.date || ctx.today;
  const { replaced, status } = await ctx.services.statusEvents.record({
    projectCode: project.code,
    kind: cmd.status,
    date,
    reporterId: ctx.msg.userId,
    sourceMsgId: ctx.msg.msgId,
    at: ctx.clock.now(),
  });
  const lines = [`已记录：${project.name} ${dayLabel(date)}${cmd.status}。`];
  lines.push(
    status === project.status ? `项目状态仍为${status}。` : `项目状态由${project.status}改为${status}。`,
  );
  if (replaced) lines.push(`此前登记的${cmd.status}日期${dayLabel(replaced.date)}已被替换，原记录保留。`);
  return [text(lines.join('\n'))];
}

export const statusHandler = defineCommand<ReportServices, StatusCommand>({
  intent: 'status',
  help: {
    usage: '开工 / 竣工 / 投产 项目 日期',
    example: EXAMPLE,
    roles: ['项目联系人', '指挥长', '县领导', '重大办'],
  },
  run: runStatus,
});
