/**
 * The dialogs the bot app continues for any command (src/command/dialogs.ts): choosing one of
 * several projects, and confirming a reading before it is stored ("never store a guess"). Both keep
 * the parsed command in Redis and run it again through the registry once the person answered, so a
 * restarted bot finishes what the previous one asked.
 */
import type { BotContext, DialogState } from '../command/context.ts';
import type { RegisteredCommand } from '../command/define.ts';
import { type ChoiceDialogData, CONFIRM, type ConfirmDialogData } from '../command/dialogs.ts';
import { type Reply, text } from '../domain/messages.ts';
import { parseNumeral } from '../parse/chinese-number.ts';
import { normalizeText } from '../parse/normalize.ts';
import type { ParsedCommand, ProjectEntry, Uncertainty } from '../parse/types.ts';

const CANCEL = /^(取消|算了|不报了|退出)$/;
const YES = /^(是|是的|对|对的|确认|确定|确认记录|好|好的|可以|没错|无误|ok|yes)[。！!]*$/i;
const NO = /^(否|不是|不对|错了|不|不用了|取消|算了)[。！!]*$/;

const FIELD_LABEL: Record<string, string> = {
  project: '项目名称',
  unit: '单位名称',
  monthAmount: '本月完成投资',
  ytdAmount: '本年累计完成投资',
  sinceStartAmount: '开工累计完成投资',
  progressPct: '形象进度百分比',
};

function choiceOf(answer: string, candidates: ProjectEntry[]): ProjectEntry | null {
  const a = answer.replace(/[\s。.，,第个号]/g, '');
  const n = /^\d+$/.test(a) ? Number(a) : parseNumeral(a);
  if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= candidates.length) return candidates[n - 1]!;
  const hits = candidates.filter(
    (c) => c.code === a || c.name.includes(a) || c.shortName === a || (c.aliases ?? []).includes(a),
  );
  return hits.length === 1 ? hits[0]! : null;
}

/** Puts the chosen project where the command keeps it. */
function withProject(data: ChoiceDialogData, project: ProjectEntry): ParsedCommand {
  const found = { kind: 'found' as const, project };
  const command = data.command as ParsedCommand & { project?: unknown; target?: { project?: unknown } };
  if (data.field === 'target.project' && command.target) {
    return { ...command, target: { ...command.target, project: found } } as ParsedCommand;
  }
  return { ...command, project: found } as ParsedCommand;
}

export async function continueChoice<S>(
  ctx: BotContext<S>,
  state: DialogState,
  answer: string,
  run: (command: ParsedCommand) => Promise<Reply[]>,
): Promise<Reply[]> {
  const reply = normalizeText(answer, ctx.config.BOT_NAME);
  if (CANCEL.test(reply)) {
    await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
    return [text('已取消，未作任何记录。')];
  }
  const data = state.data as unknown as ChoiceDialogData;
  const chosen = choiceOf(reply, data.candidates ?? []);
  if (!chosen) {
    return [text(`请回复序号（1-${data.candidates.length}）或项目简称；发送“取消”可放弃。`)];
  }
  await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
  return run(withProject(data, chosen));
}

/**
 * A command the parser read with a doubt (a name that only sounds like an entry, "1200多万", a bare
 * 12000000, "过半"): the reading it would store, and a one-word confirmation before anything is
 * stored. Doubts with nothing to offer about a field the command will ask for itself (a missing
 * amount) let the command ask; other doubts with nothing to offer ask for the fact again.
 */
export async function askToConfirm<S>(
  ctx: BotContext<S>,
  def: RegisteredCommand<S>,
  command: ParsedCommand,
): Promise<Reply[]> {
  const uncertain = ((command as { uncertain?: Uncertainty[] }).uncertain ?? []) as Uncertainty[];
  const missing = new Set(((command as { missing?: string[] }).missing ?? []) as string[]);
  const open = uncertain.filter((u) => !u.reading && !missing.has(u.field));
  if (open.length) {
    const what = [...new Set(open.map((u) => FIELD_LABEL[u.field] ?? u.field))].join('、');
    const why = open.map((u) => u.reason).join('；');
    return [text(`${why}。请写明准确的${what}后重新发送，未作记录。例如：${def.example}`)];
  }
  if (!uncertain.some((u) => u.reading)) return def.run(ctx, { ...command, uncertain: [] } as never);
  const data: ConfirmDialogData = { command };
  await ctx.dialogs.set(ctx.msg.userId, ctx.msg.chatId, {
    intent: CONFIRM,
    missing: [],
    data: data as unknown as Record<string, unknown>,
    startedAt: ctx.clock.now().toISOString(),
  });
  const reasons = uncertain.filter((u) => u.reading).map((u) => `${u.reason}（按“${u.reading}”理解）`);
  return [
    {
      type: 'text',
      content: [
        `请确认：${(def.confirm as (c: ParsedCommand) => string)(command)}`,
        ...reasons,
        '确认无误请回复“是”；不对请直接发送正确的内容。确认前不作记录。',
      ].join('\n'),
      choices: [
        { key: '是', label: '确认记录' },
        { key: '否', label: '不对，重新发送' },
      ],
    },
  ];
}

export async function continueConfirm<S>(
  ctx: BotContext<S>,
  state: DialogState,
  answer: string,
  run: (command: ParsedCommand) => Promise<Reply[]>,
): Promise<Reply[]> {
  const reply = normalizeText(answer, ctx.config.BOT_NAME).trim();
  if (YES.test(reply)) {
    await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
    return run((state.data as unknown as ConfirmDialogData).command);
  }
  if (NO.test(reply)) {
    await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
    return [text('好的，未作记录。请重新发送正确的内容。')];
  }
  return [text('请回复“是”确认记录；不对请直接发送正确的内容，或回复“否”放弃。')];
}
