/**
 * 资金 贺巴 本月到位3000万元，其中专项债2000万元: the month's funds in place for the project (and the
 * 专项债 part). A second report for the month replaces the first; the reply gives the month, the year
 * to date and the total since the start (the workbook's 资金到位 plus every month reported).
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { formatWan } from '../src/domain/money.ts';
import { mayReport } from '../src/domain/permissions.ts';
import { UserFacingError } from '../src/errors.ts';
import { monthLabel } from '../src/format/report.ts';
import { readFundsArgs } from '../src/parse/funds.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { FundsError, type FundsService } from '../src/services/funds.ts';
import { type ReportServices, refusalText, resolveProject } from './shared/project-choice.ts';

declare module '../src/parse/types.ts' {
  interface ExtraCommands {
    funds: {
      intent: 'funds';
      text: string;
      project: ProjectMatch;
      month: IsoMonth;
      /** 元. */
      amount?: number;
      /** 其中专项债, 元. */
      bondAmount?: number;
      warnings: string[];
      uncertain?: Uncertainty[];
    };
  }
}

type FundsCommand = Extract<ParsedCommand, { intent: 'funds' }>;
type FundsServices = ReportServices & { funds: FundsService };

const EXAMPLE = '资金 贺巴 本月到位3000万元，其中专项债2000万元';

async function run(ctx: BotContext<FundsServices>, cmd: FundsCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '报送资金到位',
    example: EXAMPLE,
  });
  if (!resolved.ok) return resolved.replies;
  const project = resolved.project;
  const may = mayReport(ctx.actor, project);
  if (!may.ok) return [text(refusalText(`报送${project.name}的资金到位`, may.who, Boolean(ctx.actor)))];
  if (cmd.amount === undefined) {
    const why = cmd.warnings.length ? `${cmd.warnings.join('；')}。` : '';
    return [text(`${why}请写明本月到位资金金额，例如：${EXAMPLE}`)];
  }
  const amount = cmd.amount;
  let done: Awaited<ReturnType<FundsService['report']>>;
  try {
    done = await ctx.services.funds.report({
      projectCode: project.code,
      month: cmd.month,
      amount,
      bondAmount: cmd.bondAmount ?? null,
      currentMonth: ctx.today.slice(0, 7),
      by: ctx.msg.userId,
      sourceMsgId: ctx.msg.msgId,
    });
  } catch (err) {
    if (!(err instanceof FundsError)) throw err;
    const r = err.refusal;
    if (r.reason === 'future_month')
      throw new UserFacingError(`${monthLabel(r.month)}尚未到来，不能报送该月资金到位，请核对月份。`);
    if (r.reason === 'bond_exceeds')
      throw new UserFacingError(
        `其中专项债${formatWan(r.bondAmount)}大于到位资金${formatWan(r.amount)}，未作记录，请核对。`,
      );
    throw new UserFacingError(`项目库中没有编号为 ${r.code} 的项目。`, 'not_found');
  }
  const t = done.totals;
  const bond = (n: number | null | undefined) => (n ? `，其中专项债${formatWan(n)}` : '');
  const lines = [
    `已记录：${project.name} ${monthLabel(cmd.month)}资金到位${formatWan(amount)}${bond(done.report.bondAmount)}。`,
    `${cmd.month.slice(0, 4)}年累计到位${formatWan(t.ytd)}${bond(t.ytdBond)}；自开工以来累计到位${formatWan(t.sinceStart)}${
      project.fundsInPlace ? `（含项目库登记的${formatWan(project.fundsInPlace)}）` : ''
    }。`,
  ];
  if (project.agreedInvestment)
    lines.push(
      `协议投资${formatWan(project.agreedInvestment)}，资金到位率${((t.sinceStart / project.agreedInvestment) * 100).toFixed(1)}%。`,
    );
  if (done.replaced)
    lines.push(
      `此前报送的${monthLabel(cmd.month)}资金到位${formatWan(done.replaced.amount)}已被替换，原记录保留。`,
    );
  if (cmd.warnings.length) lines.push(`另：${cmd.warnings.join('；')}。`);
  return [text(lines.join('\n'))];
}

export const fundsCommand = defineCommand<FundsServices, FundsCommand>({
  intent: 'funds',
  command: '资金',
  words: ['资金', '资金到位', '到位资金', '报资金'],
  example: EXAMPLE,
  read: (rest, at, ctx) => {
    const args = readFundsArgs(rest, ctx);
    if (!args) return undefined;
    const out: FundsCommand = {
      intent: 'funds',
      text: at.text,
      project: args.project,
      month: args.month,
      warnings: args.warnings,
    };
    if (args.amount !== undefined) out.amount = args.amount;
    if (args.bondAmount !== undefined) out.bondAmount = args.bondAmount;
    if (args.uncertain) out.uncertain = args.uncertain;
    return out;
  },
  audience: 'report',
  help: [{ title: '报送资金到位', example: EXAMPLE }],
  confirm: (cmd) =>
    `${cmd.project.kind === 'found' ? cmd.project.project.name : ''} ${monthLabel(cmd.month)}资金到位${
      cmd.amount !== undefined ? formatWan(cmd.amount) : ''
    }${cmd.bondAmount ? `，其中专项债${formatWan(cmd.bondAmount)}` : ''}`,
  run,
});
