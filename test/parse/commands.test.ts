/** The design's command table: problems, tasks, queries, summaries and the rest, as staff type them. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import type { ParsedCommand } from '../../src/parse/types.ts';
import { ctxAt, JANUARY } from './fixtures.ts';

const HEBA = 'XC-2021-001';
const FULIU = 'XC-2021-003';

const parse = (text: string, now?: Date): ParsedCommand => parseCommand(text, ctxAt(now));

describe('raise a problem 问题', () => {
  it.each([
    [
      '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调',
      '征地拆迁',
      '那湾村3户未签约，需县自然资源局协调',
      '县自然资源局',
    ],
    [
      '问题贺巴征地拆迁:那湾村3户未签约,需县自然资源局协调',
      '征地拆迁',
      '那湾村3户未签约，需县自然资源局协调',
      '县自然资源局',
    ],
    ['问题 贺巴 那湾村3户未签约', '征地拆迁', '那湾村3户未签约', undefined],
    [
      '反映 贺巴 用地报批材料未上报,需自然资源局协调',
      '用地',
      '用地报批材料未上报，需自然资源局协调',
      '县自然资源局',
    ],
    ['困难 福六水库 环评批复未下达', '审批', '环评批复未下达', undefined],
    [
      '诉求 福六水库 中央资金未拨付,请重大办协调',
      '资金',
      '中央资金未拨付，请重大办协调',
      '县重大项目建设办公室',
    ],
    ['问题 武忻 砂石材料紧缺', '要素保障', '砂石材料紧缺', undefined],
    ['问题 武忻 村民阻工', '建设环境', '村民阻工', undefined],
    ['问题 武忻 设计变更未定', '其他', '设计变更未定', undefined],
    ['问题 武忻 资金:工程款拖欠', '资金', '工程款拖欠', undefined],
    ['#问题 武忻 用地 林地手续未批', '用地', '林地手续未批', undefined],
    ['问题 XC-2021-002 需供电公司协调接电', '要素保障', '需供电公司协调接电', '供电公司'],
  ])('%s', (text, category, description, unitName) => {
    const c = parse(text);
    expect(c).toMatchObject({ intent: 'problem', category, description, missing: [] });
    if (c.intent === 'problem') expect(c.unitName).toBe(unitName);
  });

  it('says what is missing', () => {
    expect(parse('问题 贺巴')).toMatchObject({ intent: 'problem', missing: ['description'] });
    expect(parse('问题 某某大桥 征地未完成')).toMatchObject({ intent: 'problem', missing: ['project'] });
  });

  it('reads "问题 #12" and "问题 逾期" as queries', () => {
    expect(parse('问题 #12')).toMatchObject({ intent: 'query', target: { kind: 'problem', problemNo: 12 } });
    expect(parse('问题12')).toMatchObject({ intent: 'query', target: { kind: 'problem', problemNo: 12 } });
    expect(parse('问题 逾期')).toMatchObject({
      intent: 'query',
      target: { kind: 'problems', filter: 'overdue' },
    });
  });
});

describe('assign 交办 (with a problem number)', () => {
  it.each([
    ['交办 #12 县自然资源局 8月20日前', 12, '县自然资源局', '2021-08-20'],
    ['交办#12县自然资源局8月20日前', 12, '县自然资源局', '2021-08-20'],
    ['交办 ＃12 自然资源局 8月20日前', 12, '县自然资源局', '2021-08-20'],
    ['交办 问题12 资源局 月底前', 12, '县自然资源局', '2021-08-31'],
    ['交办 12号 重大办 下周五', 12, '县重大项目建设办公室', '2021-08-20'],
    ['交办 第12号 交通局 2021-08-30', 12, '县交通运输局', '2021-08-30'],
    ['督办 #7 水利局 3天内', 7, '县水利局', '2021-08-18'],
    ['派单 #7 水利局 8月底前', 7, '县水利局', '2021-08-31'],
    ['交办 #12 8月20日前 县自然资源局', 12, '县自然资源局', '2021-08-20'],
    ['交办 #12 县自然资源局', 12, '县自然资源局', undefined],
    ['#12 交办 县自然资源局 8月20日前', 12, '县自然资源局', '2021-08-20'],
  ])('%s', (text, problemNo, unit, deadline) => {
    const c = parse(text);
    expect(c).toMatchObject({ intent: 'assign', problemNo, missing: [] });
    if (c.intent !== 'assign') return;
    expect(c.unit?.kind === 'found' && c.unit.unit.name).toBe(unit);
    expect(c.deadline).toBe(deadline);
  });

  it('says what is missing', () => {
    expect(parse('交办 #12 8月20日前')).toMatchObject({
      intent: 'assign',
      deadline: '2021-08-20',
      missing: ['unit'],
    });
    expect(parse('交办 #12 供电公司')).toMatchObject({
      unit: { kind: 'none', text: '供电公司' },
      missing: ['unit'],
    });
  });
});

describe('new task 派单 / 交办 without a number', () => {
  it.each([
    [
      '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局',
      '县自然资源局',
      HEBA,
      '用地报批材料8月20日前报市局',
      '2021-08-20',
    ],
    [
      '派单县自然资源局贺巴用地报批材料8月20日前报市局',
      '县自然资源局',
      HEBA,
      '用地报批材料8月20日前报市局',
      '2021-08-20',
    ],
    [
      '交办 自然资源局 贺巴 用地报批材料8月20日前报市局',
      '县自然资源局',
      HEBA,
      '用地报批材料8月20日前报市局',
      '2021-08-20',
    ],
    ['督办 重大办 福六水库 协调用电 月底前', '县重大项目建设办公室', FULIU, '协调用电 月底前', '2021-08-31'],
    [
      '派单 贺巴 县自然资源局 用地报批材料8月20日前报市局',
      '县自然资源局',
      HEBA,
      '用地报批材料8月20日前报市局',
      '2021-08-20',
    ],
    ['派单 交通局 完善道路规划', '县交通运输局', undefined, '完善道路规划', undefined],
  ])('%s', (text, unit, project, description, deadline) => {
    const c = parse(text);
    expect(c).toMatchObject({ intent: 'task', description, missing: [] });
    if (c.intent !== 'task') return;
    expect(c.unit.kind === 'found' && c.unit.unit.name).toBe(unit);
    expect(c.project?.kind === 'found' ? c.project.project.code : undefined).toBe(project);
    expect(c.deadline).toBe(deadline);
  });

  it('says what is missing', () => {
    expect(parse('派单 贺巴 用地报批')).toMatchObject({ intent: 'task', missing: ['unit'] });
    expect(parse('派单 县自然资源局')).toMatchObject({ intent: 'task', missing: ['description'] });
  });
});

describe('resolve 办结 and escalate 升级', () => {
  it.each([
    ['办结 #12 已完成签约', 'resolve', 12, '已完成签约'],
    ['办结#12已完成签约', 'resolve', 12, '已完成签约'],
    ['/办结 ＃12 已完成签约。', 'resolve', 12, '已完成签约'],
    ['办结 问题12 已完成签约', 'resolve', 12, '已完成签约'],
    ['办结 第12号 已完成签约', 'resolve', 12, '已完成签约'],
    ['销号 #12', 'resolve', 12, ''],
    ['已解决 #12 款项已拨付', 'resolve', 12, '款项已拨付'],
    ['解决 #12 款项已拨付', 'resolve', 12, '款项已拨付'],
    ['完成 #12 已签约', 'resolve', 12, '已签约'],
    ['#12 办结 已完成签约', 'resolve', 12, '已完成签约'],
    ['@项目调度助手 办结 #12 已完成签约', 'resolve', 12, '已完成签约'],
    ['升级 #12 涉及多个部门', 'escalate', 12, '涉及多个部门'],
    ['升级#12涉及多个部门', 'escalate', 12, '涉及多个部门'],
    ['提级 #12 县级无法解决', 'escalate', 12, '县级无法解决'],
    ['上报 #12 涉及多个部门', 'escalate', 12, '涉及多个部门'],
    ['上报协调 #12 涉及多个部门', 'escalate', 12, '涉及多个部门'],
    ['提请协调 #12', 'escalate', 12, ''],
    ['#12 升级 涉及多个部门', 'escalate', 12, '涉及多个部门'],
  ])('%s', (text, intent, problemNo, note) => {
    const c = parse(text);
    expect(c).toMatchObject({ intent, problemNo, missing: [] });
    expect(c.intent === 'resolve' ? c.note : c.intent === 'escalate' ? c.reason : null).toBe(note);
  });

  it('asks for the number when it is missing', () => {
    expect(parse('办结 已完成签约')).toMatchObject({
      intent: 'resolve',
      note: '已完成签约',
      missing: ['problemNo'],
    });
    expect(parse('升级')).toMatchObject({ intent: 'escalate', missing: ['problemNo'] });
  });
});

describe('query 查', () => {
  it.each([
    ['查 贺巴', { kind: 'project', project: { kind: 'found' } }],
    ['查贺巴', { kind: 'project', project: { kind: 'found' } }],
    ['查询 贺巴', { kind: 'project', project: { kind: 'found' } }],
    ['查看 贺巴高速', { kind: 'project', project: { kind: 'found' } }],
    ['看看 贺巴', { kind: 'project', project: { kind: 'found' } }],
    ['/查 XC-2021-001', { kind: 'project', project: { kind: 'found' } }],
    ['查 贺巴 情况', { kind: 'project', project: { kind: 'found' } }],
    ['查 贺巴进度', { kind: 'project', project: { kind: 'found' } }],
    ['查 三江口', { kind: 'project', project: { kind: 'ambiguous' } }],
    ['查 某某大桥', { kind: 'project', project: { kind: 'none' } }],
    ['贺巴', { kind: 'project', project: { kind: 'found' } }],
    ['查 问题', { kind: 'problems', filter: 'open' }],
    ['查 问题 逾期', { kind: 'problems', filter: 'overdue' }],
    ['查问题逾期', { kind: 'problems', filter: 'overdue' }],
    ['查 逾期问题', { kind: 'problems', filter: 'overdue' }],
    ['查 逾期', { kind: 'problems', filter: 'overdue' }],
    ['查 全部问题', { kind: 'problems', filter: 'all' }],
    ['查 问题 三级', { kind: 'problems', filter: 'tier', tier: 3 }],
    ['查 第2级问题', { kind: 'problems', filter: 'tier', tier: 2 }],
    ['查 协调会问题', { kind: 'problems', filter: 'tier', tier: 3 }],
    ['查 问题 县自然资源局', { kind: 'problems', filter: 'open', unitName: '县自然资源局' }],
    ['查 问题 资源局 逾期', { kind: 'problems', filter: 'overdue', unitName: '县自然资源局' }],
    ['查 问题 贺巴', { kind: 'problems', filter: 'open', project: { kind: 'found' } }],
    ['查 #12', { kind: 'problem', problemNo: 12 }],
    ['查 问题12', { kind: 'problem', problemNo: 12 }],
    ['查 12号', { kind: 'problem', problemNo: 12 }],
    ['#12', { kind: 'problem', problemNo: 12 }],
    ['查 工业 投资', { kind: 'sector', sector: '工业' }],
    ['查工业投资', { kind: 'sector', sector: '工业' }],
    ['查 工业', { kind: 'sector', sector: '工业' }],
    ['查 交通', { kind: 'sector', sector: '交通' }],
    ['查 能源 投资', { kind: 'sector', sector: '能源' }],
    ['查 水利投资情况', { kind: 'sector', sector: '水利' }],
    ['查 新基建', { kind: 'sector', sector: '新型基础设施' }],
    ['查 新型基础设施投资', { kind: 'sector', sector: '新型基础设施' }],
    ['查 新型城镇化', { kind: 'sector', sector: '新型城镇化' }],
    ['查 农业农村 投资', { kind: 'sector', sector: '农业农村' }],
    ['查 服务业', { kind: 'sector', sector: '现代服务业' }],
    ['查 生态环保', { kind: 'sector', sector: '生态环保' }],
    ['查 民生', { kind: 'sector', sector: '社会民生' }],
    ['查 五网', { kind: 'sector', sector: '五网' }],
    ['查 五网建设', { kind: 'sector', sector: '五网' }],
    ['查 双百双新', { kind: 'sector', sector: '双百双新' }],
    ['查 三企入桂', { kind: 'sector', sector: '三企入桂' }],
    ['查 千企技改 投资', { kind: 'sector', sector: '千企技改' }],
    ['查 投资', { kind: 'sector', sector: '全部' }],
    ['查 全县 投资', { kind: 'sector', sector: '全部' }],
    ['查 工业云', { kind: 'project', project: { kind: 'found' } }],
    ['查 未报送', { kind: 'unreported', month: '2021-08' }],
    ['查未报送', { kind: 'unreported', month: '2021-08' }],
    ['查 谁没报', { kind: 'unreported', month: '2021-08' }],
    ['查 7月 未报送', { kind: 'unreported', month: '2021-07' }],
    ['查 未填报 上月', { kind: 'unreported', month: '2021-07' }],
    ['查 历史 贺巴', { kind: 'history', project: { kind: 'found' } }],
    ['查历史贺巴', { kind: 'history', project: { kind: 'found' } }],
    ['查 贺巴 历史', { kind: 'history', project: { kind: 'found' } }],
    ['查 贺巴历史记录', { kind: 'history', project: { kind: 'found' } }],
  ])('%s', (text, target) => {
    expect(parse(text)).toMatchObject({ intent: 'query', target });
  });

  it('"查" alone asks for help on 查', () => {
    expect(parse('查')).toEqual({ intent: 'help', text: '查', topic: '查' });
  });
});

describe('summaries, export, agenda, undo, help', () => {
  it.each([
    ['日报', { intent: 'summary', kind: 'daily', date: '2021-08-15' }],
    ['#日报', { intent: 'summary', kind: 'daily' }],
    ['日报 昨天', { intent: 'summary', kind: 'daily', date: '2021-08-14' }],
    ['日报 8月13日', { intent: 'summary', kind: 'daily', date: '2021-08-13' }],
    ['今日日报', { intent: 'summary', kind: 'daily', date: '2021-08-15' }],
    ['周报', { intent: 'summary', kind: 'weekly', date: '2021-08-15' }],
    ['周报 上周', { intent: 'summary', kind: 'weekly', date: '2021-08-08' }],
    ['本周周报', { intent: 'summary', kind: 'weekly' }],
    ['月报', { intent: 'summary', kind: 'monthly', date: '2021-08-15' }],
    ['月报 7月', { intent: 'summary', kind: 'monthly', month: '2021-07' }],
    ['通报', { intent: 'summary', kind: 'bulletin', date: '2021-08-15' }],
    ['通报 7月', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
    ['通报7月', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
    ['/通报 七月', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
    ['通报 上月', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
    ['7月通报', { intent: 'summary', kind: 'bulletin', month: '2021-07' }],
    ['导出 台账 7月', { intent: 'export', what: 'ledger', month: '2021-07' }],
    ['导出台账7月', { intent: 'export', what: 'ledger', month: '2021-07' }],
    ['导出 台账', { intent: 'export', what: 'ledger', month: '2021-08' }],
    ['下载 台账 上月', { intent: 'export', what: 'ledger', month: '2021-07' }],
    ['导出', { intent: 'export', what: 'ledger', month: '2021-08' }],
    ['协调会 议程', { intent: 'agenda' }],
    ['协调会议程', { intent: 'agenda' }],
    ['议程', { intent: 'agenda' }],
    ['/议程', { intent: 'agenda' }],
    ['撤销', { intent: 'undo' }],
    ['撤消', { intent: 'undo' }],
    ['撤回', { intent: 'undo' }],
    ['取消上一条', { intent: 'undo' }],
    ['#撤销', { intent: 'undo' }],
    ['@项目调度助手 撤销', { intent: 'undo' }],
    ['帮助', { intent: 'help' }],
    ['?', { intent: 'help' }],
    ['？', { intent: 'help' }],
    ['help', { intent: 'help' }],
    ['HELP', { intent: 'help' }],
    ['怎么用', { intent: 'help' }],
    ['使用说明', { intent: 'help' }],
    ['/帮助', { intent: 'help' }],
    ['@项目调度助手', { intent: 'help' }],
    ['帮助 进度', { intent: 'help', topic: '进度' }],
    ['帮助 汇报', { intent: 'help', topic: '进度' }],
    ['? 派单', { intent: 'help', topic: '交办' }],
  ])('%s', (text, expected) => {
    expect(parse(text)).toMatchObject(expected);
  });

  it('rolls 通报 12月 back a year in January', () => {
    expect(parse('通报 12月', JANUARY)).toMatchObject({
      kind: 'bulletin',
      month: '2021-12',
      date: '2022-01-10',
    });
    expect(parse('导出 台账 12月', JANUARY)).toMatchObject({ month: '2021-12' });
  });
});

describe('unknown', () => {
  it.each([
    ['你好', '帮助'],
    ['blah', '帮助'],
    ['贺巴怎么还没开工呀', '开工'],
    ['某某大桥完成投资300万', '进度'],
    ['请问那湾村签约的事', '问题'],
    ['进展', '进度'],
  ])('%s suggests %s', (text, command) => {
    const c = parse(text);
    expect(c.intent).toBe('unknown');
    if (c.intent === 'unknown') {
      expect(c.suggestion.command).toBe(command);
      expect(c.suggestion.example.length).toBeGreaterThan(1);
    }
  });
});
