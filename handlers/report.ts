/**
 * 进度 / 汇报: stores a project's monthly figures and answers with what was stored — month, amount,
 * 本年累计 in 万元 and the share of the annual plan. A missing amount starts a dialog kept in Redis.
 */
import { type BotContext, defineCommand } from '../src/bot/command.ts';
import { mayReport } from '../src/bot/permissions.ts';
import { type Reply, text } from '../src/bot/types.ts';
import { formatShare, formatWan } from '../src/domain/money.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ReportServices, refusalText, resolveProject } from '../src/services/report-chat.ts';
import { monthLabel, whenLabel } from '../src/services/report-format.ts';

export type ReportCommand = Extract<ParsedCommand, { intent: 'report' }>;

export const REPORT_EXAMPLE = '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%';
export const ASK_AMOUNT = '请补充本月完成投资金额（如：1200万元）';

export async function runReport(ctx: BotContext<ReportServices>, cmd: ReportCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, cmd, REPORT_EXAMPLE);
  if (!resolved.ok) return resolved.replies;
  const project = resolved.project;
  const may = mayReport(ctx.actor, project);
  if (!may.ok) return [text(refusalText(`报送${project.name}的进度`, may.who, Boolean(ctx.actor)))];

  const warnings = cmd.warnings?.length ? `\n${cmd.warnings.join('\n')}` : '';
  if (cmd.monthAmount == null) {
    const found = { kind: 'found' as const, project: { code: project.code, name: project.name } };
    await ctx.dialogs.set(ctx.msg.userId, ctx.msg.chatId, {
      intent: 'report',
      missing: ['monthAmount'],
      data: { command: { ...cmd, project: found }, sourceMsgId: ctx.msg.msgId },
      startedAt: ctx.clock.now().toISOString(),
    });
    return [text(`${ASK_AMOUNT}。项目：${project.name}，月份：${monthLabel(cmd.month)}。${warnings}`)];
  }

  const { report, replaced } = await ctx.services.reports.submit({
    projectCode: project.code,
    month: cmd.month,
    monthAmount: cmd.monthAmount,
    ytdAmount: cmd.ytdAmount,
    sinceStartAmount: cmd.sinceStartAmount,
    progressText: cmd.progressText,
    progressPct: cmd.progressPct,
    reporterId: ctx.msg.userId,
    sourceMsgId: ctx.msg.msgId,
    at: ctx.clock.now(),
  });

  const share = project.annualPlan
    ? `占年度计划${formatShare(report.ytdAmount, project.annualPlan)}`
    : '年度计划投资未录入，暂无法计算占比';
  const lines = [
    `已记录：${project.name} ${monthLabel(report.month)} 完成投资${formatWan(report.monthAmount)}，本年累计${formatWan(report.ytdAmount)}，${share}。`,
  ];
  if (!report.ytdGiven) lines.push('（本年累计按本年已报送各月合计。）');
  if (report.sinceStartAmount != null) lines.push(`开工累计完成投资${formatWan(report.sinceStartAmount)}。`);
  if (report.progressText) lines.push(`形象进度：${report.progressText}。`);
  if (replaced) {
    const names = await ctx.services.library.personNames([replaced.reporterId]);
    lines.push(
      `已替换此前报送的${monthLabel(replaced.month)}数据（完成投资${formatWan(replaced.monthAmount)}，本年累计${formatWan(replaced.ytdAmount)}，${names.get(replaced.reporterId)} ${whenLabel(replaced.reportedAt, ctx.config.BOT_TIMEZONE)}报送），原数据保留在历史记录中。`,
    );
  }
  lines.push('如有现场照片，可在30分钟内私聊发送给我作为佐证。');
  return [text(lines.join('\n') + warnings)];
}

export const reportHandler = defineCommand<ReportServices, ReportCommand>({
  intent: 'report',
  help: {
    usage: '进度 项目 本月完成投资X万元，累计完成Y万元，形象进度：…',
    example: REPORT_EXAMPLE,
    roles: ['项目联系人', '指挥长', '县领导', '重大办'],
  },
  run: runReport,
});
