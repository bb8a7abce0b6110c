/**
 * The corpus's vocabulary: each message and how the bot must take it.
 * - `u` understood: the command is complete, nothing is unsure, and `fields` match. In `fields`, a
 *   project or unit is written as its full name (found), `{ ambiguous: [...] }` or `{ none: text }`.
 * - `r` correctly refused: not understood (unknown), or the command lacks something it needs
 *   (`missing`), or names a project or unit that does not exist. Nothing may be stored.
 * - `a` asked back: the parser read it one way but marks it unsure (`uncertain`), or a name fits
 *   several entries (a numbered choice). `field` is the uncertain field expected, when given.
 */
import type { Intent } from '../../../src/parse/types.ts';

export type Expect =
  | { kind: 'understood'; intent: Intent; fields?: Record<string, unknown> }
  | { kind: 'refused'; intent?: Intent; fields?: Record<string, unknown> }
  | { kind: 'asked'; intent?: Intent; field?: string; reading?: string; fields?: Record<string, unknown> };

export interface CorpusCase {
  text: string;
  expect: Expect;
  /** When the message is sent; the corpus default is 2021-08-15 10:00 in Beijing. */
  now?: Date;
}

export const u = (
  text: string,
  intent: Intent,
  fields?: Record<string, unknown>,
  now?: Date,
): CorpusCase => ({
  text,
  expect: { kind: 'understood', intent, ...(fields ? { fields } : {}) },
  ...(now ? { now } : {}),
});

export const r = (text: string, intent?: Intent, fields?: Record<string, unknown>): CorpusCase => ({
  text,
  expect: { kind: 'refused', ...(intent ? { intent } : {}), ...(fields ? { fields } : {}) },
});

export const a = (
  text: string,
  intent?: Intent,
  field?: string,
  reading?: string,
  fields?: Record<string, unknown>,
): CorpusCase => ({
  text,
  expect: {
    kind: 'asked',
    ...(intent ? { intent } : {}),
    ...(field ? { field } : {}),
    ...(reading ? { reading } : {}),
    ...(fields ? { fields } : {}),
  },
});

/** Full names of the fixture projects, as the reply shows them. */
export const P = {
  heba: '贺巴高速公路(忻城段)',
  wuxin: '武忻高速公路',
  fuliu: '广西来宾市忻城县福六水库工程',
  banxun: '板寻水库除险加固',
  jiansi: '三江口(忻城)茧丝绸产业园',
  xinqu: '三江口新区产业园',
  gaozhong: '忻城县高级中学迁建工程',
  zhongxue: '忻城县中学迁建工程',
  hlb: '贺州经柳州至百色高铁(忻城段)',
  hegui: '河池至贵港高铁(忻城段)',
  jintai: '金泰医疗健康智能制造生态园',
  fengdian: '忻城中节能风力发电',
  ranqi: '忻城县管道燃气项目',
  yingji: '"智慧应急"指挥体系建设项目',
  g5: '忻城县5G项目',
  pingan: '数字平安忻城云平台',
  gyy: '忻城"工业云"',
  szjj: '忻城数字经济产业园',
  lenglian: '忻城县农产品智慧冷链物流集散交易中心',
  zhizhou: '忻城芝州现代商贸城项目',
  yinxiang: '印象忻城',
  yuanyang: '广西忻城鸳鸯湖生态旅游度假区项目',
  zhuzi: '忻城县红水河竹子产业核心示范区基础设施项目',
  hongse: '广西都宜忻革命根据地红色文化旅游扶贫项目',
  jiaoshi: '忻城县教师周转楼',
  chengnan: '忻城县人民医院城南分院',
} as const;

/** 2021-12-03 09:30 in Beijing: November's reports come in. */
export const DECEMBER = new Date('2021-12-03T09:30:00+08:00');
