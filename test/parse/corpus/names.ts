/**
 * Misspelt and homophone names. Close to exactly one entry: resolved, shown in full and, before
 * anything is stored, confirmed (asked back); for a query, answered at once. Close to several: a
 * numbered choice. Close to none: refused with the nearest names.
 */
import { a, type CorpusCase, P, r, u } from './case.ts';

export const NAMES: CorpusCase[] = [
  a('进度 和巴 本月完成1200万', 'report', 'project', P.heba, { monthAmount: 12_000_000 }),
  a('进度 河巴高速 本月完成投资1200万元', 'report', 'project', P.heba),
  a('进度 五新高速 7月完成投资800万', 'report', 'project', P.wuxin),
  a('武新高速本月完成投资800万', 'report', 'project', P.wuxin),
  a('进度 伏六水库 本月完成500万', 'report', 'project', P.fuliu),
  a('进度 福六水厍 本月完成500万', 'report', 'project', P.fuliu),
  a('进度 贺巴高素 本月完成1200万', 'report', 'project', P.heba),
  a('进度 半寻水库 本月完成80万', 'report', 'project', P.banxun),
  a('进度 金太医疗 本月完成2300万', 'report', 'project', P.jintai),
  a('进度 志州商贸城 本月完成900万', 'report', 'project', P.zhizhou),
  a('进度 鸳鸯胡 本月完成450万', 'report', 'project', P.yuanyang),
  a('进度 冷连物流 本月完成320万', 'report', 'project', P.lenglian),
  a('进度 管到燃气 本月完成260万', 'report', 'project', P.ranqi),
  a('进度 河贵高贴 本月完成8000万', 'report', 'project', P.hegui),
  a('开工 伏六水库 8月1日', 'status', 'project', P.fuliu),
  a('问题 和巴 那湾村3户未签约', 'problem', 'project', P.heba),
  a('交办 #12 自然资原局 8月20日前', 'assign', 'unit', '县自然资源局'),
  a('交办 #12 交通运书局', 'assign', 'unit', '县交通运输局'),
  a('交办 #12 卫生局', 'assign', 'unit', '县卫健局'),
  a('交办 #12 发改委 月底前', 'assign', 'unit', '县发展改革局'),
  a('交办 #12 中大办', 'assign', 'unit', '县重大项目建设办公室'),
  a('派单 城建局 芝州商贸城 消防验收8月底前完成', 'task', 'unit', '县住建局'),
  u('查 和巴', 'query', { target: { kind: 'project', project: P.heba } }),
  u('查 伏六水库', 'query', { target: { kind: 'project', project: P.fuliu } }),
  u('查 金太医疗', 'query', { target: { kind: 'project', project: P.jintai } }),
  u('和巴现在进度怎么样', 'query', { target: { kind: 'project', project: P.heba } }),
  u('查 鸳鸯胡', 'query', { target: { kind: 'project', project: P.yuanyang } }),
  a('查 三江口', 'query'),
  a('进度 三江口 本月完成100万', 'report'),
  a('查 高铁', 'query'),
  a('进度 水库 本月完成500万', 'report'),
  a('开工 中学 8月1日', 'status'),
  r('进度 福陆 本月完成500万', 'report', { project: { none: '福陆', suggestions: [P.fuliu] } }),
  r('进度 某某大桥 本月完成100万', 'report', { project: { none: '某某大桥' } }),
  r('查 城东大道', 'query'),
  r('交办 #12 县城管局', 'assign', { unit: { none: '县城管局' } }),
  r('交办 #12 县公安局 8月20日前', 'assign', { unit: { none: '县公安局' } }),
  r('派单 供电公司 金泰医疗 接电8月底前完成', 'task'),
];
