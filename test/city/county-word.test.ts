import { describe, expect, it } from 'vitest';
import { takeCountyWord } from '../../src/parse/county-word.ts';

const COUNTIES = ['忻城县', '兴宾区'];

describe('a county named before a project in a city group', () => {
  it('narrows to the county and leaves the command', () => {
    expect(takeCountyWord('查 忻城县 贺巴', COUNTIES)).toEqual({ county: '忻城县', text: '查 贺巴' });
    expect(takeCountyWord('@项目调度助手 查 兴宾区 凤凰大道', COUNTIES)).toEqual({
      county: '兴宾区',
      text: '@项目调度助手 查 凤凰大道',
    });
    expect(takeCountyWord('进度 兴宾区 凤凰大道 本月完成投资500万', COUNTIES)?.text).toBe(
      '进度 凤凰大道 本月完成投资500万',
    );
    expect(takeCountyWord('查忻城县 贺巴', COUNTIES)).toEqual({ county: '忻城县', text: '查 贺巴' });
  });

  it('leaves a county named last (its card) and a county inside a name', () => {
    expect(takeCountyWord('查 忻城县', COUNTIES)).toBeUndefined();
    expect(takeCountyWord('查 广西来宾市忻城县福六水库工程 进度', COUNTIES)).toBeUndefined();
  });
});
