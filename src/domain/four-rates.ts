/**
 * 三企入桂 四率 as the county plan defines them (三(四)2; design.md "The dispatch mechanism"). Only
 * 三企入桂 projects with a signed formal agreement (协议投资 filled) and 总投资 of 5,000万元 or more
 * count:
 * - 协议履约率 = Σ investment completed since the start ÷ Σ 协议投资;
 * - 资金到位率 = Σ funds in place since the start ÷ Σ 协议投资;
 * - 项目开工率 = projects started ÷ projects counted;
 * - 竣工投产率 = projects 竣工 or 投产 ÷ projects counted.
 * Every rate is a percentage; null (暂无数据) when no project counts. Pure.
 */

export const FOUR_RATES_CATEGORY = '三企入桂';
/** 5,000万元 in 元. */
export const FOUR_RATES_MIN_TOTAL = 50_000_000;

export interface FourRatesProject {
  specialCategories: readonly string[];
  totalInvestment: number;
  /** 协议投资, 元; absent or 0 = no formal agreement. */
  agreedInvestment?: number | null;
  /** Investment completed since the start of construction, 元. */
  investedSinceStart: number;
  /** Funds in place since the start, 元. */
  fundsSinceStart: number;
  started: boolean;
  completed: boolean;
}

export interface FourRates {
  /** 三企入桂 projects in all. */
  tracked: number;
  /** Those that count: signed agreement and 总投资 ≥ 5,000万元. */
  projects: number;
  agreementRate: number | null;
  fundsRate: number | null;
  startRate: number | null;
  completionRate: number | null;
}

export function countsForFourRates(
  p: Omit<FourRatesProject, 'investedSinceStart' | 'fundsSinceStart' | 'started' | 'completed'>,
): boolean {
  return (
    p.specialCategories.includes(FOUR_RATES_CATEGORY) &&
    (p.agreedInvestment ?? 0) > 0 &&
    p.totalInvestment >= FOUR_RATES_MIN_TOTAL
  );
}

export function fourRates(projects: readonly FourRatesProject[]): FourRates {
  const tracked = projects.filter((p) => p.specialCategories.includes(FOUR_RATES_CATEGORY));
  const counted = tracked.filter(countsForFourRates);
  const agreed = counted.reduce((n, p) => n + (p.agreedInvestment ?? 0), 0);
  const pct = (part: number, whole: number) => (counted.length && whole ? (part / whole) * 100 : null);
  return {
    tracked: tracked.length,
    projects: counted.length,
    agreementRate: pct(
      counted.reduce((n, p) => n + p.investedSinceStart, 0),
      agreed,
    ),
    fundsRate: pct(
      counted.reduce((n, p) => n + p.fundsSinceStart, 0),
      agreed,
    ),
    startRate: pct(counted.filter((p) => p.started).length, counted.length),
    completionRate: pct(counted.filter((p) => p.completed).length, counted.length),
  };
}
