import { describe, expect, it } from 'vitest';
import { flattenNotice, rewritePolite, spaceVoiceClauses } from '../../src/parse/notice.ts';

describe('flattenNotice', () => {
  it('leaves a one-line message alone', () => {
    expect(flattenNotice('进度 贺巴 本月完成1200万')).toEqual({ text: '进度 贺巴 本月完成1200万' });
  });

  it('turns a headed notice with fields into the plain form, dropping the signature', () => {
    const flat = flattenNotice(
      '【月度进度报送】\n项目名称：贺巴高速公路（忻城段）\n填报月份：2021年8月\n一、本月完成投资：1200万元\n二、累计完成投资：3.2亿元\n三、形象进度：路基完成60%\n存在问题：无\n填报人：张伟\n联系电话：13907720000',
    );
    expect(flat).toEqual({
      text: '进度 贺巴高速公路(忻城段) 2021年8月 本月完成投资:1200万元 累计完成投资:3.2亿元 形象进度:路基完成60%',
    });
  });

  it('sets a 存在问题 field aside', () => {
    expect(flattenNotice('【进度】贺巴\n本月完成投资:1200万元\n存在问题：那湾村3户未签约')).toEqual({
      text: '进度 贺巴 本月完成投资:1200万元',
      problemText: '那湾村3户未签约',
    });
  });

  it('builds a problem from a problem notice', () => {
    expect(
      flattenNotice(
        '【问题】贺巴高速\n问题类别：征地拆迁\n问题描述：那湾村3户未签约\n需协调单位：县自然资源局',
      ).text,
    ).toBe('问题 贺巴高速 征地拆迁:那湾村3户未签约,需县自然资源局协调');
  });

  it('keeps a leading mention in front and drops courtesy and unit signatures', () => {
    expect(
      flattenNotice('@项目调度助手\n【进度】板寻水库\n本月完成投资：80万元\n以上，请审阅。\n县水利局').text,
    ).toBe('@项目调度助手 进度 板寻水库 本月完成投资:80万元');
  });

  it('reads 标题 lines and list markers', () => {
    expect(
      flattenNotice('标题：武忻高速7月份进度\n1. 本月完成投资800万元\n（二）累计完成投资2.1亿元').text,
    ).toBe('武忻高速7月份进度 本月完成投资800万元 累计完成投资2.1亿元');
  });
});

describe('rewritePolite', () => {
  it.each([
    [
      '各位领导好,现将贺巴高速本月进度汇报如下:本月完成投资1200万元',
      '进度 贺巴高速本月 本月完成投资1200万元',
    ],
    ['现将贺巴高速存在的问题反映如下:那湾村3户未签约', '问题 贺巴高速 那湾村3户未签约'],
    ['下面汇报芝州商贸城本月进展情况如下:本月完成投资900万元', '进度 芝州商贸城本月 本月完成投资900万元'],
    ['领导好,我来汇报一下金泰医疗的进度:本月完成投资2300万元', '进度 金泰医疗 本月完成投资2300万元'],
    ['报告领导,福六水库已于8月1日正式开工', '福六水库已于8月1日正式开工'],
    ['贺巴本月完成1200万,谢谢!', '贺巴本月完成1200万'],
    ['进度 贺巴 本月完成1200万', '进度 贺巴 本月完成1200万'],
    ['你好', '你好'],
  ])('%s → %s', (text, expected) => {
    expect(rewritePolite(text)).toBe(expected);
  });
});

describe('spaceVoiceClauses', () => {
  it.each([
    [
      '进度贺巴高速本月完成投资一千二百万元累计完成三点二亿元形象进度路基完成百分之六十',
      '进度贺巴高速 本月完成投资一千二百万元 累计完成三点二亿元 形象进度路基完成百分之六十',
    ],
    [
      '进度教师周转楼本月完成一百五十万外墙装饰完成百分之九十',
      '进度教师周转楼 本月完成一百五十万 外墙装饰完成百分之九十',
    ],
    ['进度 贺巴 本月完成1200万,累计3.2亿', '进度 贺巴 本月完成1200万,累计3.2亿'],
    ['本年累计完成三亿元开工累计完成五亿元', '本年累计完成三亿元 开工累计完成五亿元'],
  ])('%s', (text, expected) => {
    expect(spaceVoiceClauses(text)).toBe(expected);
  });
});
