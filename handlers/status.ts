/** 开工 / 竣工 / 投产: records the event (counted in the daily summary) and the project's new status. */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { dayLabel } from '../src/format/report.ts';
import { buildStatus } from '../src/parse/actions.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ReportServices, refusalText, resolveProject } from './shared/project-choice.ts';

export type StatusCommand = Extract<ParsedCommand, { intent: 'status' }>;

const EXAMPLE = '开工 福六水库 2021-08-01';

export async function runStatus(ctx: BotContext<ReportServices>, cmd: StatusCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '登记',
    example: EXAMPLE,
  });
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
  if (cmd.otherProjects?.length)
    lines.push(
      `消息中还提到${cmd.otherProjects.map((p) => p.name).join('、')}，未登记；如需登记请单独发送。`,
    );
  return [text(lines.join('\n'))];
}

export const statusCommand = defineCommand<ReportServices, StatusCommand>({
  intent: 'status',
  command: '开工',
  words: ['开工', '竣工', '完工', '投产', '建成', '投运', '动工', '开建', '正式开工', '竣工验收', '建成投产'],
  example: EXAMPLE,
  read: (rest, at, ctx) => buildStatus(at.text, at.word, rest, ctx),
  audience: 'report',
  help: [{ title: '报开工/竣工/投产', example: EXAMPLE, welcome: true }],
  confirm: (cmd) =>
    `${cmd.project.kind === 'found' ? cmd.project.project.name : ''} ${dayLabel(cmd.date)}${cmd.status}`.trim(),
  run: runStatus,
});
