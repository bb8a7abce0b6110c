import { describe, expect, it } from 'vitest';
import { normalizeText, restoreCjkPunctuation, toHalfWidth } from '../../src/parse/normalize.ts';

describe('normalizeText', () => {
  it.each([
    ['@项目调度助手 进度 贺巴', '进度 贺巴'],
    ['@项目调度助手进度 贺巴', '进度 贺巴'],
    ['@项目调度助手\u2005查 贺巴', '查 贺巴'],
    ['@项目调度助手 @项目调度助手 日报', '日报'],
    ['进度 贺巴 @项目调度助手', '进度 贺巴'],
    ['  进度   贺巴\t\t本月 ', '进度 贺巴 本月'],
    ['＃进度 贺巴', '进度 贺巴'],
    ['#进度 贺巴', '进度 贺巴'],
    ['/查 贺巴', '查 贺巴'],
    ['／查 贺巴', '查 贺巴'],
    ['# 查 贺巴', '查 贺巴'],
    ['#12 办结', '#12 办结'],
    ['＃１２ 办结', '#12 办结'],
    ['进度 贺巴 １２００万元', '进度 贺巴 1200万元'],
    ['形象进度：路基完成６０％', '形象进度:路基完成60%'],
    ['本月完成投资1200万元，累计完成3.2亿元；', '本月完成投资1200万元,累计完成3.2亿元;'],
    ['贺巴高速公路（忻城段）', '贺巴高速公路(忻城段)'],
    ['查\u200b贺\u200d巴', '查贺巴'],
    ['\ufeff日报', '日报'],
    ['日报\u0000\u0007', '日报'],
    ['撤销\n', '撤销'],
    ['进度\n贺巴\n本月完成100万', '进度 贺巴 本月完成100万'],
    ['\u3000帮助\u3000', '帮助'],
    ['ＨＥＬＰ', 'HELP'],
    ['？', '?'],
    ['@项目调度助手', ''],
    ['', ''],
    ['查 贺巴、武忻', '查 贺巴、武忻'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input, '项目调度助手')).toBe(expected);
  });

  it('strips a configured bot name and the default one', () => {
    expect(normalizeText('@调度小助手 日报', '调度小助手')).toBe('日报');
    expect(normalizeText('@项目调度助手 日报', '调度小助手')).toBe('日报');
  });

  it('keeps other people mentioned in the message', () => {
    expect(normalizeText('@项目调度助手 交办 #12 @zhangwei', '项目调度助手')).toBe('交办 #12 @zhangwei');
  });

  it('caps very long input', () => {
    expect(normalizeText('查'.repeat(20_000)).length).toBeLessThanOrEqual(4000);
  });
});

describe('toHalfWidth and restoreCjkPunctuation', () => {
  it('maps the full-width ASCII block', () => {
    expect(toHalfWidth('０１２３４５６７８９ＡＺａｚ：，；（）！？＃／％')).toBe('0123456789AZaz:,;()!?#/%');
    expect(toHalfWidth('、。')).toBe('、。');
  });

  it('gives Chinese text its full-width punctuation back', () => {
    expect(restoreCjkPunctuation('那湾村3户未签约,需协调')).toBe('那湾村3户未签约，需协调');
    expect(restoreCjkPunctuation('类别:资金')).toBe('类别：资金');
    expect(restoreCjkPunctuation('1,200')).toBe('1,200');
  });
});
