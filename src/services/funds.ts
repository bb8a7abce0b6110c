/**
 * 资金到位 from chat: a month's funds in place for a project (and the 专项债 part). A second report of
 * the same month replaces the first (kept in history); the totals read back: the month, the year to
 * date and since the start (the workbook's 资金到位 plus every month reported).
 */
import type { Data, FundsMonth, ProjectDoc, StoredFunds } from '../data/index.ts';
import { type FundsTotals, fundsTotals } from '../domain/funds.ts';
import { AppError } from '../errors.ts';
import type { Source } from './problem-store.ts';

export type FundsRefusal =
  | { reason: 'no_project'; code: string }
  /** A month after the current one. */
  | { reason: 'future_month'; month: string }
  /** 其中专项债 more than the month's funds. */
  | { reason: 'bond_exceeds'; amount: number; bondAmount: number };

export class FundsError extends AppError {
  constructor(readonly refusal: FundsRefusal) {
    super(refusal.reason === 'no_project' ? 'not_found' : 'invalid_input', refusal.reason);
  }
}

export interface FundsReported {
  project: ProjectDoc;
  report: StoredFunds;
  /** The month's report it replaced. */
  replaced: FundsMonth | null;
  totals: FundsTotals;
}

export interface FundsService {
  report(
    input: Source & {
      projectCode: string;
      month: string;
      amount: number;
      bondAmount?: number | null;
      /** YYYY-MM of today: a later month is refused. */
      currentMonth: string;
    },
  ): Promise<FundsReported>;
  /** A project's funds as of a month (the card, 台账). */
  totals(projectCode: string, month: string): Promise<FundsTotals | null>;
}

export function createFundsService(deps: { data: Data; now: () => Date }): FundsService {
  const { data } = deps;
  return {
    async report(input) {
      const project = await data.library.project(input.projectCode);
      if (!project) throw new FundsError({ reason: 'no_project', code: input.projectCode });
      if (input.month > input.currentMonth)
        throw new FundsError({ reason: 'future_month', month: input.month });
      if (input.bondAmount != null && input.bondAmount > input.amount)
        throw new FundsError({ reason: 'bond_exceeds', amount: input.amount, bondAmount: input.bondAmount });
      const { report, replaced, months } = await data.funds.submit({
        projectCode: project.code,
        month: input.month,
        amount: input.amount,
        bondAmount: input.bondAmount ?? null,
        reporterId: input.by,
        sourceMsgId: input.sourceMsgId,
        at: deps.now(),
      });
      return { project, report, replaced, totals: fundsTotals(months, project.fundsInPlace, input.month) };
    },

    async totals(code, month) {
      const project = await data.library.project(code);
      if (!project) return null;
      return fundsTotals(await data.funds.ofProject(code), project.fundsInPlace, month);
    },
  };
}
