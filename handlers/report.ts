/**
 * 进度 / 汇报: stores a project's monthly figures and answers with what was stored — month, amount,
 * 本年累计 in 万元 and the share of the annual plan. A missing amount starts a dialog kept in Redis;
 * a message with figures for two projects records both.
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { formatShare, formatWan } from '../src/domain/money.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { monthLabel, whenLabel } from '../src/format/report.ts';
import { buildReport } from '../src/parse/actions.ts';
import { findAmounts, parseAmount } from '../src/parse/amount.ts';
import { normalizeText } from '../src/parse/normalize.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ReportServices, refusalText, resolveProject } from './shared/project-choice.ts';

export type ReportCommand = Extract<ParsedCommand, { intent: 'report' }>;

const EXAMPLE = '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%';
const ASK_AMOUNT = '请补充本月完成投资金额（如：1200万元）';
const CANCEL = /^(取消|算了|不报了|退出)$/;

function amountOf(answer: string): number | null {
  const whole = parseAmount(answer);
  if (whole.ok) return whole.yuan;
  const first = findAmounts(answer).find((t) => t.result.ok)?.result;
  return first?.ok ? first.yuan : null;
}

/** Stores one project's report and says what was stored; a refusal when the sender may not. */
async function record(ctx: BotContext<ReportServices>, cmd: ReportCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '报送',
    example: EXAMPLE,
  });
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
      data: { command: { ...cmd, project: found, others: undefined } },
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

export async function runReport(ctx: BotContext<ReportServices>, cmd: ReportCommand): Promise<Reply[]> {
  const replies = await record(ctx, cmd);
  // A message about several projects: each one's figures are recorded on their own.
  const others = cmd.others ?? [];
  for (const other of others) replies.push(...(await record(ctx, { ...other, others: undefined })));
  const notes: string[] = [];
  if (cmd.otherProjects?.length) {
    const named = cmd.otherProjects.map((p) => p.name).join('、');
    notes.push(
      `消息中还提到${named}，但没有其本月完成投资，未记录；如需报送请单独发送，例如：进度 ${cmd.otherProjects[0]!.shortName ?? cmd.otherProjects[0]!.name} 本月完成投资500万元`,
    );
  }
  if (cmd.problemText)
    notes.push(`消息中反映的问题尚未登记；如需登记请发送：问题 项目简称 ${cmd.problemText}`);
  if (notes.length) replies.push(text(notes.join('\n')));
  return replies;
}

export const reportCommand = defineCommand<ReportServices, ReportCommand>({
  intent: 'report',
  command: '进度',
  words: [
    '进度',
    '汇报',
    '报送',
    '上报',
    '填报',
    '月报送',
    '报进度',
    '进度汇报',
    '汇报进度',
    '进度上报',
    '报投资',
    '投资进度',
  ],
  example: EXAMPLE,
  hints: { re: /完成投资|万元|亿元|\d+\s*[万亿]|形象进度|累计完成/, rank: 1 },
  read: (rest, at, ctx) => buildReport(at.text, rest, ctx),
  audience: 'report',
  help: [
    { title: '报进度', example: EXAMPLE, welcome: true },
    {
      title: '报进度（通知格式也可以）',
      example: '【进度】贺巴高速\n本月完成投资：1200万元\n累计完成：3.2亿元\n形象进度：路基完成60%',
    },
  ],
  confirm(cmd) {
    const name = cmd.project.kind === 'found' ? cmd.project.project.name : '';
    const figures = [
      cmd.monthAmount != null ? `完成投资${formatWan(cmd.monthAmount)}` : '',
      cmd.ytdAmount != null ? `本年累计${formatWan(cmd.ytdAmount)}` : '',
      cmd.sinceStartAmount != null ? `开工累计${formatWan(cmd.sinceStartAmount)}` : '',
      cmd.progressPct != null ? `形象进度${cmd.progressPct}%` : '',
    ].filter(Boolean);
    return `${name} ${monthLabel(cmd.month)} ${figures.join('，')}`.trim();
  },
  dialog: {
    intent: 'report',
    async continue(ctx, state, answer) {
      const { userId, chatId } = ctx.msg;
      const reply = normalizeText(answer, ctx.config.BOT_NAME);
      if (CANCEL.test(reply)) {
        await ctx.dialogs.clear(userId, chatId);
        return [text('已取消，未作任何记录。')];
      }
      const amount = amountOf(reply);
      if (amount == null) {
        return [text('没有看懂金额，请回复本月完成投资金额，如：1200万元；发送“取消”可放弃。')];
      }
      await ctx.dialogs.clear(userId, chatId);
      const command = state.data.command as ReportCommand;
      return runReport(ctx, { ...command, monthAmount: amount, missing: [] });
    },
  },
  run: runReport,
});
