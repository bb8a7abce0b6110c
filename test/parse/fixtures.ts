/** A project and unit index built from the projects and units the county's 2021–2023 plan names. */
import { commands } from '../../handlers/index.ts';
import type { ParseContext, ProjectEntry, UnitEntry } from '../../src/parse/types.ts';

export const PROJECTS: ProjectEntry[] = [
  { code: 'XC-2021-001', name: '贺巴高速公路(忻城段)', shortName: '贺巴高速' },
  { code: 'XC-2021-002', name: '武忻高速公路', shortName: '武忻高速' },
  { code: 'XC-2021-003', name: '广西来宾市忻城县福六水库工程', shortName: '福六水库' },
  { code: 'XC-2021-004', name: '板寻水库除险加固' },
  { code: 'XC-2021-005', name: '三江口(忻城)茧丝绸产业园', aliases: ['茧丝绸产业园'] },
  { code: 'XC-2021-006', name: '三江口新区产业园' },
  { code: 'XC-2021-007', name: '忻城县高级中学迁建工程', shortName: '高中迁建' },
  { code: 'XC-2021-008', name: '忻城县中学迁建工程' },
  { code: 'XC-2021-009', name: '贺州经柳州至百色高铁(忻城段)', shortName: '贺柳百高铁' },
  { code: 'XC-2021-010', name: '河池至贵港高铁(忻城段)', shortName: '河贵高铁' },
  { code: 'XC-2021-011', name: '金泰医疗健康智能制造生态园', shortName: '金泰医疗' },
  { code: 'XC-2021-012', name: '忻城中节能风力发电', shortName: '中节能风电' },
  { code: 'XC-2021-013', name: '忻城县管道燃气项目', shortName: '管道燃气' },
  { code: 'XC-2021-014', name: '"智慧应急"指挥体系建设项目', shortName: '智慧应急' },
  { code: 'XC-2021-015', name: '忻城县5G项目' },
  { code: 'XC-2021-016', name: '数字平安忻城云平台' },
  { code: 'XC-2021-017', name: '忻城"工业云"', shortName: '工业云' },
  { code: 'XC-2021-018', name: '忻城数字经济产业园' },
  { code: 'XC-2021-019', name: '忻城县农产品智慧冷链物流集散交易中心', shortName: '冷链物流中心' },
  { code: 'XC-2021-020', name: '忻城芝州现代商贸城项目', shortName: '芝州商贸城' },
  { code: 'XC-2021-021', name: '印象忻城' },
  { code: 'XC-2021-022', name: '广西忻城鸳鸯湖生态旅游度假区项目', shortName: '鸳鸯湖' },
  { code: 'XC-2021-023', name: '忻城县红水河竹子产业核心示范区基础设施项目' },
  { code: 'XC-2021-024', name: '广西都宜忻革命根据地红色文化旅游扶贫项目' },
  { code: 'XC-2021-025', name: '忻城县教师周转楼' },
  { code: 'XC-2021-026', name: '忻城县人民医院城南分院' },
];

export const UNITS: UnitEntry[] = [
  { name: '县发展改革局', shortName: '发改局' },
  { name: '县重大项目建设办公室', shortName: '重大办' },
  { name: '县经贸局' },
  { name: '县投资促进局', shortName: '投促局' },
  { name: '县财政局' },
  { name: '县自然资源局' },
  { name: '忻城生态环境局' },
  { name: '县交通运输局' },
  { name: '县水利局' },
  { name: '县住建局' },
  { name: '县政务服务和大数据发展局', shortName: '大数据局' },
  { name: '县教育体育局', shortName: '教体局' },
  { name: '县文化广电和旅游局', shortName: '文旅局' },
  { name: '县卫健局' },
  { name: '县人社局' },
  { name: '县农业农村局' },
  { name: '县乡村振兴局' },
  { name: '县民政局' },
  { name: '县统计局' },
  { name: '县审计局' },
  { name: '县机关事务局' },
  { name: '县督效办' },
  { name: '县工管委' },
  { name: '人民银行忻城县支行' },
];

/** 2021-08-15 10:00 in Beijing, a Sunday. */
export const AUGUST = new Date('2021-08-15T10:00:00+08:00');
/** 2022-01-10 09:00 in Beijing, a Monday: "12月" must roll back to 2021. */
export const JANUARY = new Date('2022-01-10T09:00:00+08:00');

/** The bot's registered commands: their words and readers are the parser's table. */
export const COMMANDS = commands;

export function ctxAt(now: Date = AUGUST, timeZone = 'Asia/Shanghai'): ParseContext {
  return { botName: '项目调度助手', now, timeZone, projects: PROJECTS, units: UNITS, commands: COMMANDS };
}

export const code = (name: string): string => {
  const p = PROJECTS.find((x) => x.name === name);
  if (!p) throw new Error(`no fixture project ${name}`);
  return p.code;
};
