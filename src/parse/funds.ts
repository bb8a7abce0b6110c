/**
 * The arguments of 资金 (funds in place): "资金 贺巴 本月到位3000万元，其中专项债2000万元",
 * "资金 福六水库 7月到位资金壹仟贰佰万元". The amount after 专项债 is the bond part; the first other
 * amount is the month's funds. The month is the one named (本月, 上月, 7月), else the current one.
 * Pure.
 */
import { nameDoubts, takeProject } from './actions.ts';
import { findAmounts } from './amount.ts';
import { currentMonth, findMonths } from './dates.ts';
import { findProblemRefs } from './problem-ref.ts';
import type { IsoMonth, ParseContext, ProjectMatch, Uncertainty } from './types.ts';

export interface FundsArgs {
  project: ProjectMatch;
  month: IsoMonth;
  /** 元. */
  amount?: number;
  /** 其中专项债, 元. */
  bondAmount?: number;
  /** Amounts refused (a range, a negative figure, over 1000亿), in plain Chinese. */
  warnings: string[];
  uncertain?: Uncertainty[];
}

const BOND = /专项债(?:券)?(?:资金)?\s*(?:到位)?\s*[:]?\s*$/;

/**
 * Reads `rest` (after the command word); undefined when it is not a funds report at all (a problem
 * number, or neither a project nor 到位 nor an amount: "资金缺口大" is talk about money, not funds in
 * place).
 */
export function readFundsArgs(rest: string, ctx: ParseContext): FundsArgs | undefined {
  if (findProblemRefs(rest).length) return undefined;
  // "资金到位率是多少": a question about funds, not a report of them.
  if (/率|多少|怎么|如何|[吗呢?]$/.test(rest)) return undefined;
  const { project, body } = takeProject(rest.trim(), ctx);
  const amounts = findAmounts(body);
  if (project.kind === 'none' && !/到位/.test(body) && !amounts.some((a) => a.hasUnit)) return undefined;
  const out: FundsArgs = {
    project,
    month: findMonths(body, ctx, 'past')[0]?.month ?? currentMonth(ctx),
    warnings: [],
  };
  const uncertain: Uncertainty[] = nameDoubts(project);
  for (const a of amounts) {
    const clause =
      body
        .slice(0, a.start)
        .split(/[,;。]/)
        .at(-1) ?? '';
    const field = BOND.test(clause) ? 'bondAmount' : 'amount';
    if (out[field] !== undefined) continue;
    if (!a.result.ok) {
      out.warnings.push(a.result.reason);
      continue;
    }
    out[field] = a.result.yuan;
    if (a.result.approx)
      uncertain.push({
        field,
        reading: `${a.result.yuan / 10_000}万元`,
        reason: `“${a.raw}”是约数，记录前请确认`,
      });
  }
  if (uncertain.length) out.uncertain = uncertain;
  return out;
}
