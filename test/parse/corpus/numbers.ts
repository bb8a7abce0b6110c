/** Figures in any order and unit: 大写, thousands separators, 亿 and 万 mixed, labels after the figure. */
import { type CorpusCase, P, u } from './case.ts';

export const NUMBERS: CorpusCase[] = [
  u('进度 贺巴 本月完成投资壹仟贰佰万元', 'report', { project: P.heba, monthAmount: 12_000_000 }),
  u('进度 贺巴 本月完成投资壹仟贰佰万元，累计完成叁亿贰仟万元', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('进度 河贵高铁 本月完成投资叁亿元', 'report', { project: P.hegui, monthAmount: 300_000_000 }),
  u('进度 福六水库 本月完成投资伍佰万元整', 'report', { project: P.fuliu, monthAmount: 5_000_000 }),
  u('进度 金泰医疗 本月完成投资贰仟叁佰伍拾万元', 'report', { monthAmount: 23_500_000 }),
  u('进度 板寻水库 本月完成投资捌拾万元', 'report', { monthAmount: 800_000 }),
  u('进度 贺巴 本月完成投资12,000,000元', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 本月完成投资12000000元', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 本月完成1,200万元，累计320,000,000元', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('进度 贺巴 本月完成投资0.12亿元', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 本月完成1200万，累计完成3亿2000万', 'report', { ytdAmount: 320_000_000 }),
  u('进度 贺巴 本月完成1200万，累计完成3亿2千万元', 'report', { ytdAmount: 320_000_000 }),
  u('进度 河贵高铁 本月完成1亿2000万', 'report', { monthAmount: 120_000_000 }),
  u('进度 贺巴 累计完成3.2亿元，其中本月完成1200万元', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('进度 贺巴 本年累计32000万元，本月1200万元', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('进度 贺巴 1200万元本月完成', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 完成投资：本月1200万元；本年累计3.2亿元；开工累计12.5亿元', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
    sinceStartAmount: 1_250_000_000,
  }),
  u('进度 贺巴 本月完成1200w', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 本月完成投资1200', 'report', { monthAmount: 12_000_000 }),
  u('进度 贺巴 当月完成两千万', 'report', { monthAmount: 20_000_000 }),
  u('进度 贺巴 本月完成一千二百万元 累计三点二亿', 'report', {
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('进度 武忻 本月完成投资八百万元整', 'report', { monthAmount: 8_000_000 }),
  u('进度 贺巴 本月完成投资1200万元 形象进度：桥梁完成百分之三十', 'report', { progressPct: 30 }),
  u('进度 贺巴 本月完成投资1200万元 形象进度六成五', 'report', { progressPct: 65 }),
  u('进度 贺巴 本月完成0万', 'report', { monthAmount: 0 }),
  u('进度 芝州商贸城 本月完成投资玖佰万元', 'report', { project: P.zhizhou, monthAmount: 9_000_000 }),
];
