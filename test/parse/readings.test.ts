/** Spoken and written numbers, problem numbers in every form, and readings the bot must confirm. */
import { describe, expect, it } from 'vitest';
import { findAmounts, parseAmount } from '../../src/parse/amount.ts';
import { isSpokenRange, parseNumeral } from '../../src/parse/chinese-number.ts';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { findProblemRefs } from '../../src/parse/problem-ref.ts';
import { ctxAt } from './fixtures.ts';

describe('大写 and spoken numerals', () => {
  it.each([
    ['壹仟贰佰', 1200],
    ['叁亿', 300_000_000],
    ['贰亿叁仟万', 230_000_000],
    ['伍拾', 50],
    ['一点二亿', 120_000_000],
    ['两千三百五十万', 23_500_000],
    ['三千二', 3200],
    ['1.2个亿', 120_000_000],
    ['1亿2000万', 120_000_000],
  ])('%s → %d', (text, value) => {
    expect(parseNumeral(text)).toBeCloseTo(value, 6);
  });

  it('refuses a spoken range', () => {
    expect(isSpokenRange('一千二三百万')).toBe(true);
    expect(parseNumeral('一千二三百万')).toBeUndefined();
    expect(parseAmount('五六百万')).toMatchObject({ ok: false, range: true });
    expect(isSpokenRange('两千三百五十万')).toBe(false);
  });

  it('marks round figures', () => {
    expect(parseAmount('1200多万')).toEqual({ ok: true, yuan: 12_000_000, bare: false, approx: true });
    expect(parseAmount('3亿余元')).toMatchObject({ ok: true, yuan: 300_000_000, approx: true });
    expect(findAmounts('累计完成3亿多,本月1200万').map((t) => t.result)).toEqual([
      { ok: true, yuan: 300_000_000, bare: false, approx: true },
      { ok: true, yuan: 12_000_000, bare: false },
    ]);
  });

  it('reads a spoken figure without a unit after an investment word only', () => {
    expect(findAmounts('完成投资三千二').map((t) => t.raw)).toEqual(['三千二']);
    expect(findAmounts('三千二')).toEqual([]);
    expect(findAmounts('3个月内完成')).toEqual([]);
  });
});

describe('problem numbers', () => {
  it.each([
    ['第7个问题', 7],
    ['7号问题', 7],
    ['七号问题', 7],
    ['第七个问题', 7],
    ['第十二个问题', 12],
    ['井号7', 7],
  ])('%s → %d', (text, n) => {
    expect(findProblemRefs(text).map((r) => r.problemNo)).toEqual([n]);
  });

  it.each(['八月十二号', '8月12号前', '2021年8月12号', '3号楼'])('%s is not a problem number', (text) => {
    expect(findProblemRefs(text)).toEqual([]);
  });

  it('assigns, never creates a task, for a number written without #', () => {
    expect(parseCommand('交办 第7个问题 交通局', ctxAt())).toMatchObject({ intent: 'assign', problemNo: 7 });
    expect(parseCommand('派单 7号问题 给县自然资源局', ctxAt())).toMatchObject({
      intent: 'assign',
      problemNo: 7,
    });
  });
});

describe('readings the bot must confirm', () => {
  const parse = (text: string) => parseCommand(text, ctxAt());
  it('states the reading of a round figure', () => {
    expect(parse('进度 贺巴 本月完成1200多万')).toMatchObject({
      monthAmount: 12_000_000,
      uncertain: [{ field: 'monthAmount', reading: '1200万元' }],
    });
  });

  it('offers 元 for a bare number that as 万元 would pass 1000亿', () => {
    expect(parse('进度 贺巴 本月完成投资12000000')).toMatchObject({
      monthAmount: 12_000_000,
      uncertain: [{ field: 'monthAmount', reading: '1200万元' }],
    });
  });

  it('asks for a figure given as a range, and a share given as 过半', () => {
    const range = parse('进度 贺巴 本月完成一千二三百万');
    expect(range).toMatchObject({ missing: ['monthAmount'], uncertain: [{ field: 'monthAmount' }] });
    expect(range.intent === 'report' && range.uncertain![0]!.reading).toBeUndefined();
    expect(parse('进度 贺巴 本月完成1200万 形象进度过半')).toMatchObject({
      progressText: '过半',
      uncertain: [{ field: 'progressPct' }],
    });
  });

  it('marks a name read by sound, and an unknown unit is never a found one', () => {
    expect(parse('进度 和巴 本月完成1200万')).toMatchObject({
      project: { kind: 'found', fuzzy: true },
      uncertain: [{ field: 'project', reading: '贺巴高速公路(忻城段)' }],
    });
    expect(parse('交办 #7 县城管局')).toMatchObject({ unit: { kind: 'none' }, missing: ['unit'] });
  });

  it('records two projects, or says which one it took', () => {
    const both = parse('进度 贺巴本月完成1200万,武忻本月完成800万');
    expect(both).toMatchObject({ monthAmount: 12_000_000, others: [{ monthAmount: 8_000_000 }] });
    const one = parse('进度 贺巴、武忻本月各完成1200万');
    expect(one).toMatchObject({
      otherProjects: [{ code: 'XC-2021-002' }],
      uncertain: [{ field: 'project' }],
    });
  });
});
