import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatWan, formatYi } from '../../src/domain/money.ts';
import { findAmounts, parseAmount } from '../../src/parse/amount.ts';
import { parseNumeral } from '../../src/parse/chinese-number.ts';

describe('parseNumeral', () => {
  it.each([
    ['1200', 1200],
    ['1,200', 1200],
    ['12,000,000', 12_000_000],
    ['3.2', 3.2],
    ['十五', 15],
    ['二十', 20],
    ['一百零五', 105],
    ['一千二百', 1200],
    ['一千二', 1200],
    ['两千', 2000],
    ['三点二', 3.2],
    ['零点五', 0.5],
    ['八百', 800],
    ['一千零五十', 1050],
    ['1千2百', 1200],
    ['三万五', 35_000],
    ['一亿二千万', 120_000_000],
    ['一亿二', 120_000_000],
    ['1亿2千万', 120_000_000],
    ['一亿零五百万', 105_000_000],
    ['九千九百九十九', 9999],
    ['两亿', 200_000_000],
  ])('%s → %d', (text, value) => {
    expect(parseNumeral(text)).toBeCloseTo(value, 6);
  });

  it.each(['', '万', '亿', '三江口', '1,2', '点', '十百', 'abc', '.5', '5.'])(
    '%j is not a number',
    (text) => {
      expect(parseNumeral(text)).toBeUndefined();
    },
  );
});

describe('parseAmount', () => {
  it.each([
    ['1200万元', 12_000_000],
    ['1200万', 12_000_000],
    ['1200w', 12_000_000],
    ['1200W', 12_000_000],
    ['3.2亿', 320_000_000],
    ['3.2亿元', 320_000_000],
    ['1,200万', 12_000_000],
    ['1,200万元', 12_000_000],
    ['１２００万', Number.NaN],
    ['12000000元', 12_000_000],
    ['5000元', 5000],
    ['0.5万', 5000],
    ['一千二百万', 12_000_000],
    ['一千二百万元', 12_000_000],
    ['三点二亿', 320_000_000],
    ['三点二亿元', 320_000_000],
    ['两千万', 20_000_000],
    ['一亿二千万', 120_000_000],
    ['八百万元', 8_000_000],
    ['十五万', 150_000],
    ['3千万', 30_000_000],
    ['1200', 12_000_000],
    ['800', 8_000_000],
    ['0', 0],
    ['0万元', 0],
    ['约1200万元', 12_000_000],
    ['人民币1200万元', 12_000_000],
    ['1200 万元', 12_000_000],
    ['123.45万元', 1_234_500],
    ['999.99亿', 99_999_000_000],
  ])('%s → %d 元', (text, yuan) => {
    const r = parseAmount(text);
    if (Number.isNaN(yuan)) {
      // Full-width digits are the normaliser's job; the sub-parser sees half-width text.
      expect(r.ok).toBe(false);
      return;
    }
    expect(r).toMatchObject({ ok: true, yuan });
  });

  it('reads a bare number as 元 when told so', () => {
    expect(parseAmount('1200', { bareUnit: 'yuan' })).toEqual({ ok: true, yuan: 1200, bare: true });
    expect(parseAmount('1200')).toEqual({ ok: true, yuan: 12_000_000, bare: true });
    expect(parseAmount('1200万')).toEqual({ ok: true, yuan: 12_000_000, bare: false });
  });

  it.each([
    ['-100万', '负数'],
    ['负100万', '负数'],
    ['−5亿', '负数'],
    ['1000亿', '1000亿'],
    ['5000亿元', '1000亿'],
    ['100000000000000', '1000亿'],
    ['一万亿', '1000亿'],
    ['abc', '看不懂'],
    ['', '没有金额'],
    ['万元', '看不懂'],
  ])('%j is refused (%s)', (text, reason) => {
    const r = parseAmount(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('formats parse back to the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (yuan) => {
        const wan = Math.floor(yuan / 100) * 100;
        expect(parseAmount(formatWan(wan))).toMatchObject({ ok: true, yuan: wan });
        expect(parseAmount(formatYi(yuan, 8))).toMatchObject({ ok: true, yuan });
        expect(parseAmount(`${yuan}元`)).toMatchObject({ ok: true, yuan });
      }),
    );
  });
});

describe('findAmounts', () => {
  const raws = (text: string) => findAmounts(text).map((t) => t.raw);
  it.each([
    ['本月完成投资1200万元,累计完成3.2亿元', ['1200万元', '3.2亿元']],
    ['7月完成投资800万', ['800万']],
    ['那湾村3户未签约', []],
    ['路基完成60%', []],
    ['8月20日前完成', []],
    ['1-7月累计完成2亿', ['2亿']],
    ['完成投资1200', ['1200']],
    ['完成投资1200,累计5000', ['1200', '5000']],
    ['一期工程完成一千二百万', ['一千二百万']],
    ['三江口产业园', []],
    ['编号XC-2021-001', []],
    ['#12', []],
    ['完成1,200万元。', ['1,200万元']],
    ['本月完成-100万', ['-100万']],
  ])('%s', (text, expected) => {
    expect(raws(text)).toEqual(expected);
  });
});
