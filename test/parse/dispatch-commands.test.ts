/** The readers of 审批, 批复, 查 审批, 资金 and 查 督办 (today: Sunday 2021-08-15 in the fixtures). */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import type { ParsedCommand } from '../../src/parse/types.ts';
import { ctxAt } from './fixtures.ts';

const HEBA = 'XC-2021-001';
const FULIU = 'XC-2021-003';
const parse = (text: string): ParsedCommand => parseCommand(text, ctxAt());
const projectOf = (c: ParsedCommand) =>
  'project' in c && c.project?.kind === 'found' ? c.project.project.code : undefined;

describe('审批: an item and its deadline', () => {
  it.each([
    ['审批 贺巴 环评批复 10月15日前', HEBA, '环评批复', '2021-10-15'],
    ['审批贺巴环评批复10月15日前', HEBA, '环评批复', '2021-10-15'],
    ['#审批：福六水库 用地报批 截止2021-09-30', FULIU, '用地报批', '2021-09-30'],
    ['审批事项 贺巴 林地使用许可 办理时限9月30日前完成', HEBA, '林地使用许可', '2021-09-30'],
    // Said in August, "2月底前" lies ahead: next February.
    ['审批 福六水库 施工许可 2月底前', FULIU, '施工许可', '2022-02-28'],
    ['审批 贺巴 水土保持方案批复', HEBA, '水土保持方案批复', undefined],
  ])('%s', (text, project, item, deadline) => {
    const c = parse(text);
    expect(c.intent).toBe('approval');
    if (c.intent !== 'approval') return;
    expect(projectOf(c)).toBe(project);
    expect(c.item).toBe(item);
    expect(c.deadline).toBe(deadline);
  });
});

describe('批复: an item obtained, on a day', () => {
  it.each([
    ['批复 贺巴 用地报批', HEBA, '用地报批', undefined],
    ['批复 贺巴 用地报批 9月20日', HEBA, '用地报批', '2021-09-20'],
    ['批复 贺巴 用地报批 已于8月10日取得', HEBA, '用地报批', '2021-08-10'],
    ['取得批复 福六水库 环评批复 2021-08-12', FULIU, '环评批复', '2021-08-12'],
    ['审批完成 福六水库 用地报批 昨天', FULIU, '用地报批', '2021-08-14'],
  ])('%s', (text, project, item, date) => {
    const c = parse(text);
    expect(c.intent).toBe('approvalDone');
    if (c.intent !== 'approvalDone') return;
    expect(projectOf(c)).toBe(project);
    expect(c.item).toBe(item);
    expect(c.date).toBe(date);
  });

  it('a problem number after 批复 is not an approval item', () => {
    expect(parse('批复 #12').intent).not.toBe('approvalDone');
  });

  it('a name read by sound is confirmed before anything is stored', () => {
    const c = parse('批复 和巴 用地报批');
    expect(c.intent).toBe('approvalDone');
    expect('uncertain' in c && c.uncertain?.[0]).toMatchObject({
      field: 'project',
      reading: '贺巴高速公路(忻城段)',
    });
  });
});

describe('查 审批', () => {
  it.each([
    ['查 审批', false, undefined],
    ['查审批', false, undefined],
    ['查 审批 逾期', true, undefined],
    ['查询审批 逾期 贺巴', true, HEBA],
    ['查看审批事项 福六水库', false, FULIU],
    ['逾期审批', true, undefined],
  ])('%s', (text, overdueOnly, project) => {
    const c = parse(text);
    expect(c.intent).toBe('approvalsQuery');
    if (c.intent !== 'approvalsQuery') return;
    expect(c.overdueOnly).toBe(overdueOnly);
    expect(c.project?.kind === 'found' ? c.project.project.code : undefined).toBe(project);
  });
});

describe('资金: funds in place', () => {
  it.each([
    ['资金 贺巴 本月到位3000万元，其中专项债2000万元', HEBA, '2021-08', 30_000_000, 20_000_000],
    ['资金到位 贺巴 7月 5000万', HEBA, '2021-07', 50_000_000, undefined],
    ['资金 福六水库 上月到位资金壹仟贰佰万元', FULIU, '2021-07', 12_000_000, undefined],
    ['资金 福六水库 本月到位叁亿元，其中专项债券壹亿元', FULIU, '2021-08', 300_000_000, 100_000_000],
    ['资金 贺巴 专项债2000万元,本月到位3000万元', HEBA, '2021-08', 30_000_000, 20_000_000],
    // No command word: a project and funds 到位 is funds, not investment.
    ['贺巴 本月资金到位3000万', HEBA, '2021-08', 30_000_000, undefined],
  ])('%s', (text, project, month, amount, bond) => {
    const c = parse(text);
    expect(c.intent).toBe('funds');
    if (c.intent !== 'funds') return;
    expect(projectOf(c)).toBe(project);
    expect(c.month).toBe(month);
    expect(c.amount).toBe(amount);
    expect(c.bondAmount).toBe(bond);
  });

  it('a round figure is confirmed; a question about funds is not a report', () => {
    const c = parse('资金 贺巴 本月到位3000多万');
    expect(c.intent === 'funds' && c.uncertain?.[0]).toMatchObject({ field: 'amount', reading: '3000万元' });
    expect(parse('资金到位率是多少').intent).not.toBe('funds');
    // Investment completed stays a report even when it mentions funds.
    expect(parse('贺巴 本月完成投资1200万元，资金已到位').intent).toBe('report');
  });
});

describe('查 督办', () => {
  it('lists the 督办事项 only; 查 问题 keeps both', () => {
    const c = parse('查 督办');
    expect(c).toMatchObject({
      intent: 'query',
      target: { kind: 'problems', filter: 'open', problemKind: 'task' },
    });
    expect(parse('查 督办事项 逾期')).toMatchObject({ target: { filter: 'overdue', problemKind: 'task' } });
    const problems = parse('查 问题');
    expect(problems.intent === 'query' && 'problemKind' in problems.target).toBe(false);
  });
});
