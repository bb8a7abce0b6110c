/** Polite reports: greetings, "现将…汇报如下", the command word in mid-sentence, courtesy at the end. */
import { type CorpusCase, P, u } from './case.ts';

export const PREAMBLE: CorpusCase[] = [
  u(
    '各位领导好，现将贺巴高速本月进度汇报如下：本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    'report',
    {
      project: P.heba,
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      progressPct: 60,
    },
  ),
  u('各位领导：现将武忻高速7月份投资完成情况报告如下：7月完成投资800万元，形象进度45%。请审阅。', 'report', {
    project: P.wuxin,
    month: '2021-07',
    monthAmount: 8_000_000,
    progressPct: 45,
  }),
  u('尊敬的各位领导，现将福六水库本月建设情况汇报如下：本月完成投资500万元，累计完成2600万元。', 'report', {
    project: P.fuliu,
    monthAmount: 5_000_000,
    ytdAmount: 26_000_000,
  }),
  u('领导好，我来汇报一下金泰医疗的进度：本月完成投资2300万元，1号厂房主体完工', 'report', {
    project: P.jintai,
    monthAmount: 23_000_000,
  }),
  u('报告领导，茧丝绸产业园本月完成投资1500万元，累计完成9800万元，谢谢！', 'report', {
    project: P.jiansi,
    monthAmount: 15_000_000,
    ytdAmount: 98_000_000,
  }),
  u(
    '现将冷链物流中心8月份项目推进情况汇报如下：本月完成投资320万元，冷库钢结构安装完成80%。特此汇报。',
    'report',
    {
      project: P.lenglian,
      monthAmount: 3_200_000,
      progressPct: 80,
    },
  ),
  u('下面汇报芝州商贸城本月进展情况如下：本月完成投资900万元，累计6300万元', 'report', {
    project: P.zhizhou,
    monthAmount: 9_000_000,
    ytdAmount: 63_000_000,
  }),
  u(
    '各位领导好！现把管道燃气项目进度情况报送如下：本月完成投资260万元，中压管网铺设完成35%，以上，请审阅',
    'report',
    {
      project: P.ranqi,
      monthAmount: 2_600_000,
      progressPct: 35,
    },
  ),
  u('我们贺巴高速这个月完成了投资1200万，累计完成3.2亿', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    ytdAmount: 320_000_000,
  }),
  u('贺巴高速项目部报告：本月完成投资1200万元，累计完成3.2亿元', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
  }),
  u('本月鸳鸯湖项目完成投资450万元，游客中心装修完成70%', 'report', {
    project: P.yuanyang,
    monthAmount: 4_500_000,
    progressPct: 70,
  }),
  u('领导们好，高中迁建本月完成投资680万元，形象进度：教学楼主体封顶，请各位领导审阅', 'report', {
    project: P.gaozhong,
    monthAmount: 6_800_000,
  }),
  u('王局长好，河贵高铁这个月完成投资8000万元，本年累计5.6亿元', 'report', {
    project: P.hegui,
    monthAmount: 80_000_000,
    ytdAmount: 560_000_000,
  }),
  u('您好，现将中节能风电本月投资进度汇报如下：本月完成投资3000万元，累计完成2.4亿元。', 'report', {
    project: P.fengdian,
    monthAmount: 30_000_000,
    ytdAmount: 240_000_000,
  }),
  u('各位领导好，现将贺巴高速存在的问题反映如下：那湾村3户未签约，需县自然资源局协调解决', 'problem', {
    project: P.heba,
    category: '征地拆迁',
    unitName: '县自然资源局',
  }),
  u('现将福六水库建设中遇到的困难报告如下：中央预算内资金未拨付，请县财政局协调', 'problem', {
    project: P.fuliu,
    category: '资金',
    unitName: '县财政局',
  }),
  u('贺巴那湾村还有3户没签约，需要县自然资源局协调一下', 'problem', {
    project: P.heba,
    category: '征地拆迁',
    unitName: '县自然资源局',
  }),
  u('金泰医疗施工用电一直未接通，影响设备安装，请重大办协调解决', 'problem', {
    project: P.jintai,
    unitName: '县重大项目建设办公室',
  }),
  u('武忻高速K12段村民阻工，施工受阻，需县里协调', 'problem', { project: P.wuxin, category: '建设环境' }),
  u('报告领导，福六水库已于8月1日正式开工', 'status', {
    project: P.fuliu,
    status: '开工',
    date: '2021-08-01',
  }),
  u('教师周转楼8月10日已竣工验收，特此报告', 'status', {
    project: P.jiaoshi,
    status: '竣工',
    date: '2021-08-10',
  }),
  u('各位领导好，茧丝绸产业园一期今天顺利投产', 'status', {
    project: P.jiansi,
    status: '投产',
    date: '2021-08-15',
  }),
  u('@项目调度助手 各位领导好，现将印象忻城本月进度汇报如下：本月完成投资600万元', 'report', {
    project: P.yinxiang,
    monthAmount: 6_000_000,
  }),
  u('您好，麻烦帮我查一下贺巴的情况', 'query', { target: { kind: 'project', project: P.heba } }),
  u('领导好，请帮忙把#12办结，已完成签约', 'resolve', { problemNo: 12 }),
  u('谢谢，查一下贺巴', 'query', { target: { kind: 'project', project: P.heba } }),
  u('贺巴高速本月完成投资1200万元，那湾村3户未签约需自然资源局协调', 'report', {
    project: P.heba,
    monthAmount: 12_000_000,
    problemText: '那湾村3户未签约需自然资源局协调',
  }),
];
