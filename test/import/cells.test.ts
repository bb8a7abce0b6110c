import { describe, expect, it } from 'vitest';
import {
  approvals,
  CellError,
  day,
  list,
  oneOf,
  userIds,
  wanToYuan,
  webhookKey,
} from '../../src/import/cells.ts';

describe('workbook cell parsers', () => {
  it('reads dates in the forms people type and Excel stores', () => {
    expect(day(new Date(Date.UTC(2021, 7, 1)), '日期')).toBe('2021-08-01');
    expect(day('2021-08-01', '日期')).toBe('2021-08-01');
    expect(day('2021/8/1', '日期')).toBe('2021-08-01');
    expect(day('2021年8月1日', '日期')).toBe('2021-08-01');
    expect(day('２０２１年８月１日', '日期')).toBe('2021-08-01');
    expect(day('2021.8.1', '日期')).toBe('2021-08-01');
    expect(day(44409, '日期')).toBe('2021-08-01');
    expect(day('2021-08', '计划开工', { monthOk: true })).toBe('2021-08');
    expect(day('2021年8月', '计划开工', { monthOk: true })).toBe('2021-08');
    expect(day(null, '日期')).toBeNull();
    expect(() => day('2021-02-30', '日期')).toThrow(/不是有效日期/);
    expect(() => day('2021-08', '日期')).toThrow(CellError);
    expect(() => day('下个月', '计划开工', { monthOk: true })).toThrow(/计划开工「下个月」不是日期/);
  });

  it('reads 万元 amounts as integer 元', () => {
    expect(wanToYuan(1200, '总投资')).toBe(12_000_000);
    expect(wanToYuan('1,200.5', '总投资')).toBe(12_005_000);
    expect(wanToYuan('85000万元', '总投资')).toBe(850_000_000);
    expect(wanToYuan('１２００', '总投资')).toBe(12_000_000);
    expect(wanToYuan(null, '总投资')).toBeNull();
    expect(() => wanToYuan('一千万', '总投资')).toThrow(/不是数字/);
    expect(() => wanToYuan(-5, '总投资')).toThrow(/负数/);
  });

  it('splits lists and checks vocabularies', () => {
    expect(list('五网、三企入桂')).toEqual(['五网', '三企入桂']);
    expect(list('a,b，c;a')).toEqual(['a', 'b', 'c']);
    expect(userIds('zhangwei、liqiang', '项目联系人')).toEqual(['zhangwei', 'liqiang']);
    expect(() => userIds('张 伟', '项目联系人')).toThrow(/不是企业微信账号/);
    expect(oneOf('县级', '统筹层级', ['县级层面', '市级层面'], { 县级: '县级层面' })).toBe('县级层面');
    expect(() => oneOf('工业园', '行业领域', ['工业', '交通'])).toThrow(
      '行业领域「工业园」不在可选值中（工业、交通）',
    );
  });

  it('reads approval items with their deadlines', () => {
    expect(approvals('用地报批:2021-09-30;环评批复：2021/8/15', '审批事项')).toEqual([
      { name: '用地报批', deadline: '2021-09-30' },
      { name: '环评批复', deadline: '2021-08-15' },
    ]);
    expect(() => approvals('用地报批', '审批事项')).toThrow(/名称:期限/);
    expect(() => approvals('用地报批:九月底', '审批事项')).toThrow(/期限/);
  });

  it('keeps only the key of a webhook', () => {
    expect(webhookKey('demo-key-1', 'Webhook')).toBe('demo-key-1');
    expect(
      webhookKey(
        'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
        'Webhook',
      ),
    ).toBe('693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    expect(webhookKey('http://127.0.0.1:4010/cgi-bin/webhook/send?key=KEY_A', 'Webhook')).toBe('KEY_A');
    expect(webhookKey(null, 'Webhook')).toBeNull();
    expect(() => webhookKey('https://example.com/hook', 'Webhook')).toThrow(/不是机器人 Webhook/);
    expect(() => webhookKey('key with spaces', 'Webhook')).toThrow(/不是机器人 Webhook/);
  });
});
