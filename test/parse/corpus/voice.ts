/** Voice-input transcripts: no punctuation, spoken numbers, 11月份, 截至11月底. */
import { type CorpusCase, DECEMBER, P, u } from './case.ts';

export const VOICE: CorpusCase[] = [
  u('进度贺巴高速本月完成投资一千二百万元累计完成三点二亿元形象进度路基完成百分之六十', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
    progressPct: 60,
  }),
  u('贺巴高速本月完成投资一千二百万累计完成三点二亿', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('汇报武忻高速七月份完成投资八百万形象进度百分之四十五', 'report', {
    project: P.wuxin,
    month: '2021-07',
    monthAmount: 8_000_000,
    progressPct: 45,
  }),
  u('进度福六水库本月完成五百万累计两千六百万', 'report', {
    project: P.fuliu,
    monthAmount: 5_000_000,
    ytdAmount: 26_000_000,
  }),
  u('金泰医疗本月完成投资两千三百五十万', 'report', { project: P.jintai, monthAmount: 23_500_000 }),
  u('河贵高铁本月完成投资一点二亿累计完成六点四亿', 'report', {
    project: P.hegui,
    monthAmount: 120_000_000,
    ytdAmount: 640_000_000,
  }),
  u('进度河贵高铁本月完成投资1.2个亿', 'report', { project: P.hegui, monthAmount: 120_000_000 }),
  u('芝州商贸城这个月完成投资三千二', 'report', { project: P.zhizhou, monthAmount: 32_000_000 }),
  u('进度管道燃气本月完成二百六十万形象进度六成', 'report', {
    project: P.ranqi,
    monthAmount: 2_600_000,
    progressPct: 60,
  }),
  u('进度鸳鸯湖本月完成投资四百五十万元形象进度游客中心装修完成七成', 'report', {
    project: P.yuanyang,
    monthAmount: 4_500_000,
    progressPct: 70,
  }),
  u(
    '汇报河贵高铁十一月份完成投资八千万元',
    'report',
    { project: P.hegui, month: '2021-11', monthAmount: 80_000_000 },
    DECEMBER,
  ),
  u(
    '进度贺巴截至11月底累计完成三点八亿元11月完成一千五百万元',
    'report',
    {
      project: P.heba,
      month: '2021-11',
      monthAmount: 15_000_000,
      ytdAmount: 380_000_000,
    },
    DECEMBER,
  ),
  u(
    '进度武忻11月份完成投资九百万元',
    'report',
    { project: P.wuxin, month: '2021-11', monthAmount: 9_000_000 },
    DECEMBER,
  ),
  u('进度冷链物流中心上个月完成三百二十万元', 'report', {
    project: P.lenglian,
    month: '2021-07',
    monthAmount: 3_200_000,
  }),
  u('问题贺巴那湾村三户未签约需要县自然资源局协调', 'problem', {
    project: P.heba,
    category: '征地拆迁',
    unitName: '县自然资源局',
  }),
  u('交办井号十二县自然资源局八月二十日前', 'assign', {
    problemNo: 12,
    unit: '县自然资源局',
    deadline: '2021-08-20',
  }),
  u('办结井号十二已完成签约', 'resolve', { problemNo: 12 }),
  u('开工福六水库八月一日', 'status', { project: P.fuliu, status: '开工', date: '2021-08-01' }),
  u('查一下贺巴高速', 'query', { target: { kind: 'project', project: P.heba } }),
  u('贺巴高速进度怎么样', 'query', { target: { kind: 'project', project: P.heba } }),
  u('通报七月', 'summary', { kind: 'bulletin', month: '2021-07' }),
  u('进度茧丝绸产业园本月完成投资一千五百万元一到八月累计完成九千八百万元', 'report', {
    project: P.jiansi,
    monthAmount: 15_000_000,
    ytdAmount: 98_000_000,
  }),
  u('进度教师周转楼本月完成一百五十万外墙装饰完成百分之九十', 'report', {
    project: P.jiaoshi,
    monthAmount: 1_500_000,
    progressPct: 90,
  }),
  u('中节能风电本月完成投资三千万元累计完成两亿四千万元', 'report', {
    project: P.fengdian,
    monthAmount: 30_000_000,
    ytdAmount: 240_000_000,
  }),
  u('进度高中迁建本月完成六百八十万元', 'report', { project: P.gaozhong, monthAmount: 6_800_000 }),
];
