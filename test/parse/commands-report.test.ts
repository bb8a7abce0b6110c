/** The design's command table: progress reports and status changes, as county staff type them. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import type { ParsedCommand } from '../../src/parse/types.ts';
import { ctxAt, JANUARY } from './fixtures.ts';

const HEBA = 'XC-2021-001';
const WUXIN = 'XC-2021-002';
const FULIU = 'XC-2021-003';
const BANXUN = 'XC-2021-004';

const parse = (text: string, now?: Date): ParsedCommand => parseCommand(text, ctxAt(now));
const projectOf = (c: ParsedCommand): string | undefined =>
  'project' in c && c.project?.kind === 'found' ? c.project.project.code : undefined;

describe('progress report 进度', () => {
  it.each([
    [
      '@项目调度助手 进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
      {
        month: '2021-08',
        monthAmount: 12_000_000,
        ytdAmount: 320_000_000,
        progressText: '路基完成60%',
        progressPct: 60,
      },
    ],
    [
      '进度 贺巴 本月完成投资1200万元,累计完成3.2亿元,形象进度:路基完成60%',
      { monthAmount: 12_000_000, ytdAmount: 320_000_000 },
    ],
    ['进度贺巴本月完成投资1200万', { monthAmount: 12_000_000 }],
    ['进度 贺巴本月完成投资1200万', { monthAmount: 12_000_000 }],
    ['#进度 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['/进度 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['＃进度　贺巴　本月完成投资１２００万元', { monthAmount: 12_000_000 }],
    ['进 度 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['汇报 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['报送 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['上报 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['填报 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['月报送 贺巴 本月完成1200万', { monthAmount: 12_000_000 }],
    ['进度 贺巴 本月完成投资一千二百万元', { monthAmount: 12_000_000 }],
    ['进度 贺巴 本月完成投资1,200万元', { monthAmount: 12_000_000 }],
    ['进度 贺巴 本月完成投资12000000元', { monthAmount: 12_000_000 }],
    ['进度 贺巴 本月完成投资0.12亿', { monthAmount: 12_000_000 }],
    ['进度 贺巴 本月完成投资1200', { monthAmount: 12_000_000 }],
    ['进度 贺巴 1200万', { monthAmount: 12_000_000 }],
    ['进度 贺巴 1200', { monthAmount: 12_000_000 }],
    ['进度 贺巴 完成投资 1200 万元', { monthAmount: 12_000_000 }],
    ['进度 贺巴 当月完成两千万', { monthAmount: 20_000_000 }],
    ['进度 贺巴 本月完成十五万', { monthAmount: 150_000 }],
    ['进度 贺巴 本月完成八百万元', { monthAmount: 8_000_000 }],
    ['进度 贺巴 本月完成1200w', { monthAmount: 12_000_000 }],
    ['进度 贺巴 累计完成3.2亿元,本月完成1200万', { monthAmount: 12_000_000, ytdAmount: 320_000_000 }],
    ['进度 贺巴 本月完成1200万 累计三点二亿', { monthAmount: 12_000_000, ytdAmount: 320_000_000 }],
    ['进度 贺巴 本月完成1200万,本年累计完成一亿二千万', { ytdAmount: 120_000_000 }],
    ['进度 贺巴 本月完成1200万,今年累计1.2亿', { ytdAmount: 120_000_000 }],
    ['进度 贺巴 本月完成1200万,1-8月累计完成1.2亿', { ytdAmount: 120_000_000 }],
    ['进度 贺巴 本月完成1200万,开工累计完成5亿', { monthAmount: 12_000_000, sinceStartAmount: 500_000_000 }],
    ['进度 贺巴 本月完成1200万,自开工以来累计完成5亿', { sinceStartAmount: 500_000_000 }],
    [
      '进度 贺巴 本月完成1200万,开工以来累计5亿,本年累计1.2亿',
      { sinceStartAmount: 500_000_000, ytdAmount: 120_000_000 },
    ],
    [
      '进度 贺巴 本月完成1200万 形象进度:桥梁完成百分之三十',
      { progressText: '桥梁完成百分之三十', progressPct: 30 },
    ],
    ['进度 贺巴 本月完成1200万 形象进度六成', { progressPct: 60 }],
    [
      '进度 贺巴 形象进度:路基完成60%,桥梁完成30% 本月完成1200万',
      { progressText: '路基完成60%，桥梁完成30%', monthAmount: 12_000_000 },
    ],
    ['进度 贺巴 本月完成1200万,路基完成60%', { progressText: '路基完成60%', progressPct: 60 }],
    ['进度 贺巴 本月完成1200万,总投资32亿', { monthAmount: 12_000_000 }],
    ['进度 贺巴 上月完成1200万', { month: '2021-07', monthAmount: 12_000_000 }],
    ['进度 贺巴 7月完成1200万', { month: '2021-07' }],
    ['进度 贺巴 7月份完成1200万', { month: '2021-07' }],
    ['进度 贺巴 七月完成1200万', { month: '2021-07' }],
    ['进度 贺巴 2021年7月完成1200万', { month: '2021-07' }],
  ])('%s', (text, expected) => {
    const c = parse(text);
    expect(c.intent).toBe('report');
    expect(projectOf(c)).toBe(HEBA);
    expect(c).toMatchObject({ missing: [], ...expected });
  });

  it.each([
    [
      '汇报 武忻高速 7月完成投资800万 形象进度45%',
      WUXIN,
      { month: '2021-07', monthAmount: 8_000_000, progressPct: 45 },
    ],
    [
      '汇报武忻高速7月完成投资800万形象进度45%',
      WUXIN,
      { month: '2021-07', monthAmount: 8_000_000, progressPct: 45 },
    ],
    ['进度 XC-2021-003 本月完成500万', FULIU, { monthAmount: 5_000_000 }],
    ['进度 福六水库工程 本月完成500万', FULIU, { monthAmount: 5_000_000 }],
    ['进度 板寻 本月完成0万', BANXUN, { monthAmount: 0 }],
  ])('%s', (text, project, expected) => {
    const c = parse(text);
    expect(c.intent).toBe('report');
    expect(projectOf(c)).toBe(project);
    expect(c).toMatchObject(expected);
  });

  it('rolls "12月" back a year in January', () => {
    expect(parse('进度 贺巴 12月完成1200万', JANUARY)).toMatchObject({ intent: 'report', month: '2021-12' });
    expect(parse('进度 贺巴 本月完成1200万', JANUARY)).toMatchObject({ month: '2022-01' });
  });

  it('says what is missing', () => {
    expect(parse('进度 贺巴 形象进度:路基完成60%')).toMatchObject({
      intent: 'report',
      missing: ['monthAmount'],
    });
    expect(parse('进度 贺巴 累计完成3.2亿')).toMatchObject({
      missing: ['monthAmount'],
      ytdAmount: 320_000_000,
    });
    expect(parse('进度 某某大桥 本月完成100万')).toMatchObject({
      project: { kind: 'none', text: '某某大桥' },
      missing: ['project'],
      monthAmount: 1_000_000,
    });
    expect(parse('进度 三江口 本月完成100万')).toMatchObject({
      project: { kind: 'ambiguous' },
      missing: ['project'],
    });
    expect(parse('进度')).toMatchObject({ intent: 'report', missing: ['project', 'monthAmount'] });
  });

  it('refuses negative and absurd amounts with a reason', () => {
    const neg = parse('进度 贺巴 本月完成-100万');
    expect(neg).toMatchObject({ intent: 'report', missing: ['monthAmount'] });
    expect(neg.intent === 'report' && neg.warnings.join()).toContain('负数');
    const huge = parse('进度 贺巴 本月完成5000亿');
    expect(huge.intent === 'report' && huge.warnings.join()).toContain('1000亿');
  });

  it('reads a report that starts with the project name', () => {
    const c = parse('贺巴 本月完成投资1200万,形象进度:路基完成60%');
    expect(c).toMatchObject({ intent: 'report', monthAmount: 12_000_000, progressPct: 60 });
    expect(projectOf(c)).toBe(HEBA);
  });
});

describe('status change 开工 / 竣工 / 投产', () => {
  it.each([
    ['开工 福六水库 2021-08-01', FULIU, '开工', '2021-08-01'],
    ['开工福六水库2021-08-01', FULIU, '开工', '2021-08-01'],
    ['/开工 福六水库 2021/8/1', FULIU, '开工', '2021-08-01'],
    ['开工 福六水库 8月1日', FULIU, '开工', '2021-08-01'],
    ['开工 福六水库 8.1', FULIU, '开工', '2021-08-01'],
    ['开工 福六水库 今天', FULIU, '开工', '2021-08-15'],
    ['开工 福六水库 昨天', FULIU, '开工', '2021-08-14'],
    ['开工 福六水库', FULIU, '开工', '2021-08-15'],
    ['动工 福六水库', FULIU, '开工', '2021-08-15'],
    ['正式开工 福六水库 8月10日', FULIU, '开工', '2021-08-10'],
    ['竣工 板寻水库 2021年8月12日', BANXUN, '竣工', '2021-08-12'],
    ['完工 板寻水库 本周五', BANXUN, '竣工', '2021-08-13'],
    ['建成 板寻水库', BANXUN, '竣工', '2021-08-15'],
    ['投产 贺巴 8月1号', HEBA, '投产', '2021-08-01'],
    ['投运 XC-2021-001', HEBA, '投产', '2021-08-15'],
    ['福六水库 今天开工', FULIU, '开工', '2021-08-15'],
    ['福六水库8月1日开工了', FULIU, '开工', '2021-08-01'],
  ])('%s', (text, project, status, date) => {
    const c = parse(text);
    expect(c).toMatchObject({ intent: 'status', status, date, missing: [] });
    expect(projectOf(c)).toBe(project);
  });

  it('reads year-less dates near January correctly', () => {
    expect(parse('竣工 板寻 12月28日', JANUARY)).toMatchObject({ date: '2021-12-28' });
  });

  it('says when the project is missing', () => {
    expect(parse('开工 2021-08-01')).toMatchObject({ intent: 'status', missing: ['project'] });
  });
});
