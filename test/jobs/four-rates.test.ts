/**
 * 三企入桂 四率 as the plan defines them (src/domain/four-rates.ts). The figures are chosen so that
 * each rate differs from the other three, and counting a project that must not count (no agreement,
 * 总投资 under 5,000万元, not 三企入桂) changes every rate it touches: swapping two formulas, or
 * widening who counts, fails a test.
 */
import { describe, expect, it } from 'vitest';
import { type FourRatesProject, fourRates } from '../../src/domain/four-rates.ts';

const WAN = 10_000;
const sanqi = ['三企入桂'];
const project = (p: Partial<FourRatesProject>): FourRatesProject => ({
  specialCategories: sanqi,
  totalInvestment: 10_000 * WAN,
  agreedInvestment: 1_000 * WAN,
  investedSinceStart: 0,
  fundsSinceStart: 0,
  started: false,
  completed: false,
  ...p,
});

// Counted: A, B, E (Σ协议投资 = 5,000万元). C has 总投资 under 5,000万元, D no agreement, F is not
// 三企入桂; each would change the rates if it counted.
const PROJECTS: FourRatesProject[] = [
  project({
    totalInvestment: 6_000 * WAN,
    agreedInvestment: 1_000 * WAN,
    investedSinceStart: 300 * WAN,
    fundsSinceStart: 500 * WAN,
    started: true,
  }),
  project({
    totalInvestment: 10_000 * WAN,
    agreedInvestment: 3_000 * WAN,
    investedSinceStart: 900 * WAN,
    fundsSinceStart: 600 * WAN,
    started: true,
    completed: true,
  }),
  project({
    totalInvestment: 4_000 * WAN,
    agreedInvestment: 2_000 * WAN,
    investedSinceStart: 2_000 * WAN,
    fundsSinceStart: 2_000 * WAN,
    started: true,
    completed: true,
  }),
  project({
    totalInvestment: 20_000 * WAN,
    agreedInvestment: null,
    investedSinceStart: 5_000 * WAN,
    fundsSinceStart: 5_000 * WAN,
    started: true,
    completed: true,
  }),
  project({
    totalInvestment: 8_000 * WAN,
    agreedInvestment: 1_000 * WAN,
    investedSinceStart: 0,
    fundsSinceStart: 400 * WAN,
  }),
  project({
    specialCategories: ['五网'],
    totalInvestment: 100_000 * WAN,
    agreedInvestment: 5_000 * WAN,
    investedSinceStart: 5_000 * WAN,
    fundsSinceStart: 5_000 * WAN,
    started: true,
    completed: true,
  }),
];

describe('三企入桂 四率', () => {
  const r = fourRates(PROJECTS);

  it('counts only 三企入桂 projects with 协议投资 and 总投资 ≥ 5,000万元', () => {
    expect(r.tracked).toBe(5);
    expect(r.projects).toBe(3);
    // Exactly 5,000万元 counts.
    expect(fourRates([project({ totalInvestment: 5_000 * WAN })]).projects).toBe(1);
    expect(fourRates([project({ totalInvestment: 5_000 * WAN - 1 })]).projects).toBe(0);
  });

  it('协议履约率 = Σ investment since the start ÷ Σ 协议投资', () => {
    // (300 + 900 + 0) ÷ (1,000 + 3,000 + 1,000)
    expect(r.agreementRate).toBeCloseTo(24, 9);
  });

  it('资金到位率 = Σ funds in place since the start ÷ Σ 协议投资', () => {
    // (500 + 600 + 400) ÷ 5,000
    expect(r.fundsRate).toBeCloseTo(30, 9);
  });

  it('项目开工率 = projects started ÷ projects counted', () => {
    expect(r.startRate).toBeCloseTo((2 / 3) * 100, 9);
  });

  it('竣工投产率 = projects 竣工 or 投产 ÷ projects counted', () => {
    expect(r.completionRate).toBeCloseTo((1 / 3) * 100, 9);
  });

  it('has no rates (暂无数据) when no project counts', () => {
    expect(fourRates([PROJECTS[2]!, PROJECTS[3]!, PROJECTS[5]!])).toEqual({
      tracked: 2,
      projects: 0,
      agreementRate: null,
      fundsRate: null,
      startRate: null,
      completionRate: null,
    });
  });
});
