/** One message about two projects: both recorded, or said clearly which one was. */
import { a, type CorpusCase, P, u } from './case.ts';

export const TWO_PROJECTS: CorpusCase[] = [
  u('进度 贺巴本月完成1200万，武忻本月完成800万', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    others: [{ project: P.wuxin, monthAmount: 8_000_000 }],
  }),
  u('贺巴高速本月完成投资1200万元；武忻高速本月完成投资800万元', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    others: [{ project: P.wuxin, monthAmount: 8_000_000 }],
  }),
  u(
    `【进度】
贺巴高速：本月完成投资1200万元，累计3.2亿元
武忻高速：本月完成投资800万元，累计2.1亿元`,
    'report',
    {
      project: P.heba,
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      others: [{ project: P.wuxin, monthAmount: 8_000_000, ytdAmount: 210_000_000 }],
    },
  ),
  u('进度 福六水库本月完成500万元 板寻水库本月完成80万元', 'report', {
    project: P.fuliu,
    monthAmount: 5_000_000,
    others: [{ project: P.banxun, monthAmount: 800_000 }],
  }),
  u('汇报 河贵高铁本月完成8000万，贺柳百高铁本月完成6000万', 'report', {
    project: P.hegui,
    monthAmount: 80_000_000,
    others: [{ project: P.hlb, monthAmount: 60_000_000 }],
  }),
  u('进度 高中迁建本月完成680万元，教师周转楼本月完成150万元', 'report', {
    project: P.gaozhong,
    monthAmount: 6_800_000,
    others: [{ project: P.jiaoshi, monthAmount: 1_500_000 }],
  }),
  u('现将贺巴和武忻本月进度汇报如下：贺巴完成1200万元，武忻完成800万元', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    others: [{ project: P.wuxin, monthAmount: 8_000_000 }],
  }),
  u('进度贺巴本月完成一千二百万武忻本月完成八百万', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    others: [{ project: P.wuxin, monthAmount: 8_000_000 }],
  }),
  a('进度 贺巴、武忻本月各完成1200万', 'report', 'project', P.heba, { otherProjects: [P.wuxin] }),
  a('贺巴本月完成1200万，与武忻高速交叉段施工顺利', 'report', 'project', P.heba, {
    otherProjects: [P.wuxin],
  }),
  a('进度 金泰医疗 本月完成2300万元，配套道路同茧丝绸产业园共用', 'report', 'project', P.jintai, {
    otherProjects: [P.jiansi],
  }),
  a('进度 福六水库和板寻水库本月共完成600万', 'report', 'project', P.fuliu, { otherProjects: [P.banxun] }),
  a('开工 贺巴和武忻 今天', 'status', 'project', P.heba, { otherProjects: [P.wuxin] }),
  a('问题 贺巴 与武忻交叉段征地未完成', 'problem', 'project', P.heba, { otherProjects: [P.wuxin] }),
];
