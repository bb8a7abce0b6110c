import { describe, expect, it } from 'vitest';
import { classifyProblem, splitCategoryLabel } from '../../src/parse/category.ts';
import { findPercents, parsePercent } from '../../src/parse/percent.ts';
import { findProblemRefs, matchProblemRefPrefix, parseProblemRef } from '../../src/parse/problem-ref.ts';

describe('parsePercent', () => {
  it.each([
    ['60%', 60],
    ['60 %', 60],
    ['完成60%', 60],
    ['路基完成60%', 60],
    ['45.5%', 45.5],
    ['百分之六十', 60],
    ['百分之六十五', 65],
    ['百分之六十五点五', 65.5],
    ['百分之百', 100],
    ['六成', 60],
    ['六成五', 65],
    ['十成', 100],
    ['0%', 0],
    ['100%', 100],
  ])('%s → %d', (text, value) => {
    expect(parsePercent(text)).toBe(value);
  });

  it.each(['完成', '120%', '成本', '一成本', '路基', '六成品'])('%j has no progress share', (text) => {
    expect(parsePercent(text)).toBeUndefined();
  });

  it('finds several in order', () => {
    expect(findPercents('路基完成60%,桥梁完成百分之三十').map((p) => p.value)).toEqual([60, 30]);
  });
});

describe('problem references', () => {
  it.each([
    ['#12', 12],
    ['# 12', 12],
    ['问题12', 12],
    ['问题 12', 12],
    ['问题#12', 12],
    ['12号', 12],
    ['第12号', 12],
    ['第12号问题', 12],
    ['督办12', 12],
    ['督办事项12', undefined],
    ['事项7', 7],
    ['No.3', 3],
    ['#1234567', 1234567],
    ['#0', undefined],
    ['12', undefined],
    ['#12 办结', undefined],
    ['8月12号', undefined],
  ])('parseProblemRef(%j) → %s', (text, value) => {
    expect(parseProblemRef(text)).toBe(value);
  });

  it('does not read dates as numbers', () => {
    expect(findProblemRefs('8月12号前完成')).toEqual([]);
    expect(findProblemRefs('2021年8月12号')).toEqual([]);
  });

  it('finds a reference inside a sentence', () => {
    expect(findProblemRefs('请把#12交给资源局').map((r) => r.problemNo)).toEqual([12]);
    expect(findProblemRefs('#3和#4').map((r) => r.problemNo)).toEqual([3, 4]);
  });

  it('tells how much of the start it took', () => {
    expect(matchProblemRefPrefix('#12 已完成签约')).toEqual({ problemNo: 12, consumed: 4 });
    expect(matchProblemRefPrefix('#12已完成签约')).toEqual({ problemNo: 12, consumed: 3 });
    expect(matchProblemRefPrefix('第12号 县自然资源局')).toEqual({ problemNo: 12, consumed: 5 });
    expect(matchProblemRefPrefix('已完成 #12')).toBeUndefined();
  });
});

describe('classifyProblem', () => {
  it.each([
    ['征地拆迁:那湾村3户未签约,需县自然资源局协调', '征地拆迁'],
    ['那湾村3户未签约,需县自然资源局协调', '征地拆迁'],
    ['房屋征收补偿标准有争议', '征地拆迁'],
    ['迁坟工作未完成', '征地拆迁'],
    ['用地报批材料未上报', '用地'],
    ['使用林地手续未批', '用地'],
    ['用地指标不足', '用地'],
    ['耕地占补平衡指标缺口', '用地'],
    ['环评批复未下达', '审批'],
    ['施工许可证未办理', '审批'],
    ['可研报告审批慢', '审批'],
    ['中央资金未拨付', '资金'],
    ['融资贷款未落实', '资金'],
    ['专项债到位慢', '资金'],
    ['砂石材料紧缺', '要素保障'],
    ['施工用电未接通', '要素保障'],
    ['用工短缺', '要素保障'],
    ['村民阻工', '建设环境'],
    ['施工环境差,有人堵路', '建设环境'],
    ['土地纠纷引发阻工', '建设环境'],
    ['天气原因停工', '其他'],
    ['资金:工程款拖欠', '资金'],
    ['其他:设计变更', '其他'],
    ['类别:审批 施工图未审', '审批'],
    ['要素保障 砂石紧缺', '要素保障'],
  ])('%s → %s', (text, category) => {
    expect(classifyProblem(text)).toBe(category);
  });

  it('splits a category label from the description', () => {
    expect(splitCategoryLabel('征地拆迁:那湾村3户未签约')).toEqual({
      category: '征地拆迁',
      rest: '那湾村3户未签约',
    });
    expect(splitCategoryLabel('资金 缺口500万')).toEqual({ category: '资金', rest: '缺口500万' });
    expect(splitCategoryLabel('那湾村:3户未签约')).toBeUndefined();
  });
});
