/**
 * 资金到位 (funds in place), pure: the current report of each month and the totals the replies, the
 * card, the 台账 and the 三企入桂 资金到位率 use. Since-start = the workbook's 资金到位 (funds in place
 * before the first report in chat) plus every month reported (design.md).
 */

/** The current 资金 report of one month of a project. */
export interface FundsMonth {
  reportId: string;
  /** YYYY-MM. */
  month: string;
  /** 元. */
  amount: number;
  /** 其中专项债, 元; null when not stated. */
  bondAmount: number | null;
  reporterId: string;
  reportedAt: Date;
}

export interface FundsTotals {
  /** The month's own report, if any. */
  month: FundsMonth | null;
  /** Σ months of the year up to and including the month. */
  ytd: number;
  ytdBond: number;
  /** The workbook's 资金到位 plus Σ every month reported up to and including the month. */
  sinceStart: number;
  sinceStartBond: number;
  /** Months reported up to the month. */
  reportedMonths: number;
}

/** Totals as of `month` ('YYYY-MM'); months after it do not count. */
export function fundsTotals(
  months: readonly FundsMonth[],
  workbookFunds: number | null | undefined,
  month: string,
): FundsTotals {
  const year = month.slice(0, 4);
  const out: FundsTotals = {
    month: null,
    ytd: 0,
    ytdBond: 0,
    sinceStart: workbookFunds ?? 0,
    sinceStartBond: 0,
    reportedMonths: 0,
  };
  for (const m of months) {
    if (m.month > month) continue;
    out.reportedMonths += 1;
    out.sinceStart += m.amount;
    out.sinceStartBond += m.bondAmount ?? 0;
    if (m.month.startsWith(year)) {
      out.ytd += m.amount;
      out.ytdBond += m.bondAmount ?? 0;
    }
    if (m.month === month) out.month = m;
  }
  return out;
}

/** Which of two reports of one month is current: the later one (the id breaks a tie). */
export function newerFunds(a: FundsMonth, b: FundsMonth): FundsMonth {
  const t = a.reportedAt.getTime() - b.reportedAt.getTime();
  if (t !== 0) return t > 0 ? a : b;
  return a.reportId >= b.reportId ? a : b;
}
