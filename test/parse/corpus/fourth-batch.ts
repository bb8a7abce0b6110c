/**
 * A fourth batch, written in one go and run before any parser change for it: the messy set of the
 * issue again (voice input, notices, questions, polite reports, refusals that must stay refusals).
 * Of its 40, 1 was misread then ("好的，已收到": 已收到 was not yet an acknowledgement); fixed.
 */
import { a, type CorpusCase, P, r, u } from './case.ts';

export const FOURTH_BATCH: CorpusCase[] = [
  u('@项目调度助手 汇报 福六水库 八月份完成投资五百二十万元 累计完成两千六百二十万元', 'report', {
    project: P.fuliu,
    month: '2021-08',
    monthAmount: 5_200_000,
    ytdAmount: 26_200_000,
  }),
  u('进度印象忻城本月完成投资六百万元形象进度主体工程完成百分之五十五', 'report', {
    project: P.yinxiang,
    monthAmount: 6_000_000,
    progressPct: 55,
  }),
  u('报送数字平安忻城云平台本月完成一百二十万元累计八百六十万元', 'report', {
    project: P.pingan,
    monthAmount: 1_200_000,
    ytdAmount: 8_600_000,
  }),
  u('红水河竹子产业示范区本月完成投资二百八十万元', 'report', { project: P.zhuzi, monthAmount: 2_800_000 }),
  u('城南分院这个月完成前期工作经费30万元', 'report', { project: P.chengnan, monthAmount: 300_000 }),
  u(
    `【进度】三江口新区产业园
本月完成投资：1100万元
累计完成投资：7600万元
形象进度：标准厂房3栋主体完工`,
    'report',
    { project: P.xinqu, monthAmount: 11_000_000, ytdAmount: 76_000_000 },
  ),
  u(
    `贺柳百高铁（忻城段）8月份进度：
1、本月完成投资6000万元；
2、本年累计完成4.2亿元；
3、形象进度：桩基完成70%。`,
    'report',
    { project: P.hlb, month: '2021-08', monthAmount: 60_000_000, ytdAmount: 420_000_000, progressPct: 70 },
  ),
  u(
    `【进度】忻城县5G项目
本月完成投资：90万元
形象进度：新建基站8个
报送人：韦工`,
    'report',
    { project: P.g5, monthAmount: 900_000 },
  ),
  u(
    `各位领导好！
现将智慧应急项目8月份工作情况汇报如下：
本月完成投资：75万元
累计完成投资：410万元
谢谢！`,
    'report',
    { project: P.yingji, month: '2021-08', monthAmount: 750_000, ytdAmount: 4_100_000 },
  ),
  u('领导，红色文化旅游项目本月完成投资150万元，游客服务中心主体完成50%', 'report', {
    project: P.hongse,
    monthAmount: 1_500_000,
    progressPct: 50,
  }),
  u('各位领导好，数字经济产业园本月完成投资420万元，累计完成2300万元，请审阅', 'report', {
    project: P.szjj,
    monthAmount: 4_200_000,
    ytdAmount: 23_000_000,
  }),
  u('现将工业云项目存在问题反映如下：服务器采购资金未到位，需县财政局协调', 'problem', {
    project: P.gyy,
    category: '资金',
    unitName: '县财政局',
  }),
  u('印象忻城项目周边群众阻工，请县公安局和城关镇协调处理', 'problem', {
    project: P.yinxiang,
    category: '建设环境',
  }),
  u('问题 鸳鸯湖 林地手续未批，需县自然资源局协调', 'problem', {
    project: P.yuanyang,
    category: '用地',
    unitName: '县自然资源局',
  }),
  u('数字平安忻城云平台现在情况怎么样', 'query', { target: { kind: 'project', project: P.pingan } }),
  u('5G项目进度如何？', 'query', { target: { kind: 'project', project: P.g5 } }),
  u('城南分院进展怎么样了', 'query', { target: { kind: 'project', project: P.chengnan } }),
  u('社会民生领域投资完成多少了', 'query', { target: { kind: 'sector', sector: '社会民生' } }),
  u('能源投资完成得怎么样', 'query', { target: { kind: 'sector', sector: '能源' } }),
  u('重大办有哪些问题', 'query', { target: { kind: 'problems', unitName: '县重大项目建设办公室' } }),
  u('还有几个项目没报', 'query', { target: { kind: 'unreported', month: '2021-08' } }),
  u('8月通报发一下', 'summary', { kind: 'bulletin', month: '2021-08' }),
  u('今天日报', 'summary', { kind: 'daily' }),
  u('交办 #31 县文旅局 8月底前', 'assign', {
    problemNo: 31,
    unit: '县文化广电和旅游局',
    deadline: '2021-08-31',
  }),
  u('31号问题交给文旅局办理', 'assign', { problemNo: 31, unit: '县文化广电和旅游局' }),
  u('#31办结 林地手续已批', 'resolve', { problemNo: 31 }),
  u('第31个问题升级，需县领导协调', 'escalate', { problemNo: 31 }),
  a('进度 印像忻城 本月完成600万', 'report', 'project', P.yinxiang),
  a('进度 红水河竹子 本月完成二百八十万左右', 'report', 'monthAmount', '280万元'),
  a('进度 城南分院 本月完成投资三四十万', 'report', 'monthAmount'),
  a('查 数字', 'query'),
  u('好的，已收到', 'chatter', { kind: 'ack' }),
  u('感谢小助手👍', 'chatter', { kind: 'thanks' }),
  r('小助手你会干什么'),
  r('印象忻城的老板是谁'),
  r('贺巴高速的图片发一下'),
  r('等会再报'),
  r('进度 印象忻城'),
  r('交办 #31 城关镇'),
  r('这个数字不对吧'),
];
