/**
 * Finishes a report or a project choice from the person's next message. The app's continueDialog
 * hook routes here for intents 'report' and 'choose-project'; the state lives only in Redis, so a
 * restarted bot picks up where it left off.
 */
import { runQuery } from '../../handlers/query.ts';
import { type ReportCommand, runReport } from '../../handlers/report.ts';
import { runStatus } from '../../handlers/status.ts';
import { findAmounts, parseAmount } from '../parse/amount.ts';
import { parseNumeral } from '../parse/chinese-number.ts';
import { normalizeText } from '../parse/normalize.ts';
import type { ProjectEntry } from '../parse/types.ts';
import type { ProblemServices } from '../services/problem-chat.ts';
import { CHOOSE_PROJECT, type ReportServices, type ResumableCommand } from '../services/report-chat.ts';
import type { BotContext } from './command.ts';
import type { DialogState } from './dialog-store.ts';
import { type Reply, text } from './types.ts';

export const REPORT_DIALOG_INTENTS = ['report', CHOOSE_PROJECT] as const;

const CANCEL = /^(取消|算了|不报了|退出)$/;

function amountOf(answer: string): number | null {
  const whole = parseAmount(answer);
  if (whole.ok) return whole.yuan;
  const first = findAmounts(answer).find((t) => t.result.ok)?.result;
  return first?.ok ? first.yuan : null;
}

function choiceOf(answer: string, candidates: ProjectEntry[]): ProjectEntry | null {
  const a = answer.replace(/[\s。.，,第个号]/g, '');
  const n = /^\d+$/.test(a) ? Number(a) : parseNumeral(a);
  if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= candidates.length) return candidates[n - 1]!;
  const hits = candidates.filter(
    (c) => c.code === a || c.name.includes(a) || c.shortName === a || (c.aliases ?? []).includes(a),
  );
  return hits.length === 1 ? hits[0]! : null;
}

export async function continueReportDialog(
  ctx: BotContext<ReportServices & ProblemServices>,
  state: DialogState,
  answer: string,
): Promise<Reply[]> {
  const { userId, chatId } = ctx.msg;
  // The app hands over the raw text, with the "@项目调度助手" prefix and full-width forms still in it.
  const reply = normalizeText(answer, ctx.config.BOT_NAME);
  if (CANCEL.test(reply)) {
    await ctx.dialogs.clear(userId, chatId);
    return [text('已取消，未作任何记录。')];
  }

  if (state.intent === CHOOSE_PROJECT) {
    const candidates = (state.data.candidates ?? []) as ProjectEntry[];
    const command = state.data.command as ResumableCommand;
    const chosen = choiceOf(reply, candidates);
    if (!chosen) {
      return [text(`请回复序号（1-${candidates.length}）或项目简称；发送“取消”可放弃。`)];
    }
    await ctx.dialogs.clear(userId, chatId);
    const found = { kind: 'found' as const, project: chosen };
    if (command.intent === 'report') return runReport(ctx, { ...command, project: found });
    if (command.intent === 'status') return runStatus(ctx, { ...command, project: found });
    const target = command.target;
    if (target.kind === 'project' || target.kind === 'history') {
      return runQuery(ctx, { ...command, target: { ...target, project: found } });
    }
    return runQuery(ctx, command);
  }

  if (state.intent === 'report') {
    const amount = amountOf(reply);
    if (amount == null) {
      return [text('没有看懂金额，请回复本月完成投资金额，如：1200万元；发送“取消”可放弃。')];
    }
    await ctx.dialogs.clear(userId, chatId);
    const command = state.data.command as ReportCommand;
    return runReport(ctx, { ...command, monthAmount: amount, missing: [] });
  }

  return [text('请重新发送完整命令。发送“帮助”查看可用命令。')];
}
