import { describe, expect, it } from 'vitest';
import { matchProjectPrefix, resolveProject } from '../../src/parse/project-match.ts';
import type { ProjectMatch, UnitMatch } from '../../src/parse/types.ts';
import { findRequestedUnit, matchUnitPrefix, resolveUnit } from '../../src/parse/unit-match.ts';
import { code, PROJECTS, UNITS } from './fixtures.ts';

const found = (m: ProjectMatch) => (m.kind === 'found' ? m.project.name : m.kind);
const unitFound = (m: UnitMatch) => (m.kind === 'found' ? m.unit.name : m.kind);

describe('resolveProject', () => {
  it.each([
    ['贺巴', '贺巴高速公路(忻城段)'],
    ['贺巴高速', '贺巴高速公路(忻城段)'],
    ['贺巴高速公路', '贺巴高速公路(忻城段)'],
    ['贺巴高速公路(忻城段)', '贺巴高速公路(忻城段)'],
    ['贺巴高速公路（忻城段）', '贺巴高速公路(忻城段)'],
    ['贺巴高速忻城段', '贺巴高速公路(忻城段)'],
    ['XC-2021-001', '贺巴高速公路(忻城段)'],
    ['xc-2021-001', '贺巴高速公路(忻城段)'],
    ['XC2021001', '贺巴高速公路(忻城段)'],
    ['武忻', '武忻高速公路'],
    ['武忻高速', '武忻高速公路'],
    ['福六水库', '广西来宾市忻城县福六水库工程'],
    ['福六', '广西来宾市忻城县福六水库工程'],
    ['福六水库工程', '广西来宾市忻城县福六水库工程'],
    ['忻城县福六水库', '广西来宾市忻城县福六水库工程'],
    ['板寻水库', '板寻水库除险加固'],
    ['板寻', '板寻水库除险加固'],
    ['茧丝绸', '三江口(忻城)茧丝绸产业园'],
    ['茧丝绸产业园', '三江口(忻城)茧丝绸产业园'],
    ['三江口茧丝绸产业园', '三江口(忻城)茧丝绸产业园'],
    ['三江口新区', '三江口新区产业园'],
    ['高级中学', '忻城县高级中学迁建工程'],
    ['高中迁建', '忻城县高级中学迁建工程'],
    ['中学迁建', '忻城县中学迁建工程'],
    ['忻城县中学迁建工程', '忻城县中学迁建工程'],
    ['河池至贵港高铁', '河池至贵港高铁(忻城段)'],
    ['河池高铁', '河池至贵港高铁(忻城段)'],
    ['河贵高铁', '河池至贵港高铁(忻城段)'],
    ['贺柳百高铁', '贺州经柳州至百色高铁(忻城段)'],
    ['百色高铁', '贺州经柳州至百色高铁(忻城段)'],
    ['金泰', '金泰医疗健康智能制造生态园'],
    ['风力发电', '忻城中节能风力发电'],
    ['管道燃气', '忻城县管道燃气项目'],
    ['智慧应急', '"智慧应急"指挥体系建设项目'],
    ['工业云', '忻城"工业云"'],
    ['5G', '忻城县5G项目'],
    ['5g项目', '忻城县5G项目'],
    ['冷链物流', '忻城县农产品智慧冷链物流集散交易中心'],
    ['芝州', '忻城芝州现代商贸城项目'],
    ['印象忻城', '印象忻城'],
    ['鸳鸯湖', '广西忻城鸳鸯湖生态旅游度假区项目'],
    ['竹子产业', '忻城县红水河竹子产业核心示范区基础设施项目'],
    ['红色文化旅游', '广西都宜忻革命根据地红色文化旅游扶贫项目'],
    ['教师周转楼', '忻城县教师周转楼'],
    ['城南分院', '忻城县人民医院城南分院'],
  ])('%s → %s', (text, name) => {
    expect(found(resolveProject(text, PROJECTS))).toBe(name);
  });

  it.each([
    ['三江口', ['三江口新区产业园', '三江口(忻城)茧丝绸产业园']],
    ['中学', ['忻城县中学迁建工程', '忻城县高级中学迁建工程']],
    ['高铁', ['河池至贵港高铁(忻城段)', '贺州经柳州至百色高铁(忻城段)']],
    ['水库', ['板寻水库除险加固', '广西来宾市忻城县福六水库工程']],
    ['高速', ['武忻高速公路', '贺巴高速公路(忻城段)']],
  ])('%s is ambiguous', (text, names) => {
    const m = resolveProject(text, PROJECTS);
    expect(m.kind).toBe('ambiguous');
    if (m.kind === 'ambiguous') expect(m.candidates.map((p) => p.name).sort()).toEqual([...names].sort());
  });

  it('lists at most 8 candidates', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ code: `P${i}`, name: `测试道路${i}号` }));
    const m = resolveProject('测试道路', many);
    expect(m.kind === 'ambiguous' && m.candidates.length).toBe(8);
  });

  it.each(['', '忻城', '项目', '某某大桥', '贺', '{"$gt":""}'])('%j finds nothing', (text) => {
    expect(resolveProject(text, PROJECTS).kind).toBe('none');
  });

  it('works on an empty index', () => {
    expect(resolveProject('贺巴', [])).toEqual({ kind: 'none', text: '贺巴' });
  });
});

describe('matchProjectPrefix', () => {
  it.each([
    ['贺巴本月完成投资1200万', '贺巴高速公路(忻城段)', 2],
    ['贺巴 本月完成投资1200万', '贺巴高速公路(忻城段)', 3],
    ['贺巴高速本月完成投资1200万', '贺巴高速公路(忻城段)', 4],
    ['贺巴高速公路(忻城段)本月完成', '贺巴高速公路(忻城段)', 11],
    ['武忻高速7月完成投资800万', '武忻高速公路', 4],
    ['福六水库 2021-08-01', '广西来宾市忻城县福六水库工程', 5],
    ['XC-2021-003 今天', '广西来宾市忻城县福六水库工程', 12],
    ['福六水库,征地', '广西来宾市忻城县福六水库工程', 4],
    ['中学迁建工程形象进度50%', '忻城县中学迁建工程', 6],
  ])('%s → %s, %d characters', (text, name, consumed) => {
    const m = matchProjectPrefix(text, PROJECTS);
    expect(found(m.match)).toBe(name);
    expect(m.consumed).toBe(consumed);
  });

  it('reports an ambiguous prefix with its length', () => {
    const m = matchProjectPrefix('三江口 本月完成100万', PROJECTS);
    expect(m.match.kind).toBe('ambiguous');
    expect(m.consumed).toBe(4);
  });

  it('consumes nothing when no project starts the text', () => {
    expect(matchProjectPrefix('本月完成投资1200万', PROJECTS)).toEqual({
      match: { kind: 'none', text: '本月完成投资1200万' },
      consumed: 0,
    });
  });

  it('gives the project code of the fixture', () => {
    const m = matchProjectPrefix('贺巴', PROJECTS).match;
    expect(m.kind === 'found' && m.project.code).toBe(code('贺巴高速公路(忻城段)'));
  });
});

describe('units', () => {
  it.each([
    ['县自然资源局', '县自然资源局'],
    ['自然资源局', '县自然资源局'],
    ['忻城县自然资源局', '县自然资源局'],
    ['资源局', '县自然资源局'],
    ['重大办', '县重大项目建设办公室'],
    ['县重大办', '县重大项目建设办公室'],
    ['县重大项目建设办公室', '县重大项目建设办公室'],
    ['交通局', '县交通运输局'],
    ['交通运输局', '县交通运输局'],
    ['水利局', '县水利局'],
    ['发改局', '县发展改革局'],
    ['发展改革局', '县发展改革局'],
    ['生态环境局', '忻城生态环境局'],
    ['大数据局', '县政务服务和大数据发展局'],
    ['教育局', '县教育体育局'],
    ['人民银行', '人民银行忻城县支行'],
    ['住建局', '县住建局'],
  ])('%s → %s', (text, name) => {
    expect(unitFound(resolveUnit(text, UNITS))).toBe(name);
  });

  it('reports ambiguity and absence', () => {
    expect(resolveUnit('县局', UNITS).kind).toBe('none');
    expect(resolveUnit('农业', UNITS).kind).toBe('found');
    expect(resolveUnit('发展', UNITS).kind).toBe('ambiguous');
    expect(resolveUnit('某某公司', UNITS)).toEqual({ kind: 'none', text: '某某公司' });
  });

  it('finds the unit at the start of an argument', () => {
    const m = matchUnitPrefix('县自然资源局8月20日前', UNITS);
    expect(unitFound(m.match)).toBe('县自然资源局');
    expect(m.consumed).toBe(6);
    expect(matchUnitPrefix('重大办 贺巴', UNITS).consumed).toBe(4);
  });

  it.each([
    ['那湾村3户未签约,需县自然资源局协调', '县自然资源局'],
    ['需要重大办协调解决', '县重大项目建设办公室'],
    ['请交通局支持', '县交通运输局'],
    ['林地报批卡在县自然资源局', '县自然资源局'],
  ])('the unit asked for help in %s', (text, name) => {
    expect(unitFound(findRequestedUnit(text, UNITS)!.unit)).toBe(name);
  });

  it('keeps the words of an unknown unit', () => {
    expect(findRequestedUnit('需供电公司协调', UNITS)).toEqual({
      unit: { kind: 'none', text: '供电公司' },
      words: '供电公司',
    });
    expect(findRequestedUnit('天气原因停工', UNITS)).toBeUndefined();
  });
});
