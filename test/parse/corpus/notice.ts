/** Reports and problems written like a notice: headers, 标题 lines, numbered lists, fields on lines, signatures. */
import { type CorpusCase, DECEMBER, P, u } from './case.ts';

export const NOTICE: CorpusCase[] = [
  u(
    `【进度】贺巴高速
本月完成投资：1200万元
累计完成投资：3.2亿元
形象进度：路基完成60%`,
    'report',
    { project: P.heba, monthAmount: 12_000_000, ytdAmount: 320_000_000, progressPct: 60 },
  ),
  u(
    `【月度进度报送】
项目名称：贺巴高速公路（忻城段）
填报月份：2021年8月
本月完成投资：1200万元
本年累计完成投资：3.2亿元
开工累计完成投资：12.5亿元
形象进度：路基完成60%，桥梁完成35%
存在问题：无
填报人：张伟
联系电话：13907720000`,
    'report',
    {
      project: P.heba,
      month: '2021-08',
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      sinceStartAmount: 1_250_000_000,
      progressText: '路基完成60%，桥梁完成35%',
    },
  ),
  u(
    `标题：武忻高速7月份进度
一、本月完成投资800万元
二、累计完成投资2.1亿元
三、形象进度：隧道进洞120米`,
    'report',
    { project: P.wuxin, month: '2021-07', monthAmount: 8_000_000, ytdAmount: 210_000_000 },
  ),
  u(
    `【进度】福六水库
1. 本月完成投资：500万元
2. 累计完成：2600万元
3. 形象进度：导流洞开挖完成30%
福六水库工程指挥部 李明`,
    'report',
    { project: P.fuliu, monthAmount: 5_000_000, ytdAmount: 26_000_000, progressPct: 30 },
  ),
  u(
    `【进度】
项目：金泰医疗健康智能制造生态园
本月完成投资：2300万元
累计完成投资：1.85亿元
形象进度：1号厂房主体完工
报送单位：县经贸局`,
    'report',
    { project: P.jintai, monthAmount: 23_000_000, ytdAmount: 185_000_000, progressText: '1号厂房主体完工' },
  ),
  u(
    `（一）项目名称：忻城县管道燃气项目
（二）本月完成投资：260万元
（三）累计完成投资：1850万元
（四）形象进度：中压管网铺设12公里`,
    'report',
    { project: P.ranqi, monthAmount: 2_600_000, ytdAmount: 18_500_000 },
  ),
  u(
    `【进度报送】茧丝绸产业园
本月完成投资1500万元
1-8月累计完成9800万元
——忻城县经贸局`,
    'report',
    { project: P.jiansi, monthAmount: 15_000_000, ytdAmount: 98_000_000 },
  ),
  u(
    `【月报】冷链物流中心
本月完成：320万元
累计完成：2150万元
形象进度：冷库钢结构安装完成80%
以上，请审阅。`,
    'report',
    { project: P.lenglian, monthAmount: 3_200_000, ytdAmount: 21_500_000, progressPct: 80 },
  ),
  u(
    `[进度] 芝州商贸城
本月完成投资 900万元
累计完成投资 6300万元
形象进度 一期商铺主体完成`,
    'report',
    { project: P.zhizhou, monthAmount: 9_000_000, ytdAmount: 63_000_000 },
  ),
  u(
    `【进度】鸳鸯湖
①本月完成投资450万元
②累计完成投资3100万元
③形象进度：游客中心装修完成70%
2021年8月25日`,
    'report',
    { project: P.yuanyang, monthAmount: 4_500_000, ytdAmount: 31_000_000, progressPct: 70 },
  ),
  u(
    `【进度】河贵高铁
报告期：2021年11月
本月完成投资：8000万元
本年累计完成投资：6.4亿元
形象进度：桥梁桩基完成85%`,
    'report',
    { project: P.hegui, month: '2021-11', monthAmount: 80_000_000, ytdAmount: 640_000_000, progressPct: 85 },
    DECEMBER,
  ),
  u(
    `【进度】高中迁建
本月完成投资：680万元
累计完成投资：4200万元
形象进度：教学楼主体封顶
存在问题：室外配套资金缺口500万元，需县财政局协调`,
    'report',
    {
      project: P.gaozhong,
      monthAmount: 6_800_000,
      ytdAmount: 42_000_000,
      progressText: '教学楼主体封顶',
      problemText: '室外配套资金缺口500万元，需县财政局协调',
    },
  ),
  u(
    `【进度】中节能风电
本月完成投资：3000万元
累计完成投资：2.4亿元
形象进度：风机基础完成12台，吊装完成5台
审核人：王强`,
    'report',
    { project: P.fengdian, monthAmount: 30_000_000, ytdAmount: 240_000_000 },
  ),
  u(
    `【进度】
项目名称：忻城县教师周转楼
本月完成投资：150万元
形象进度：外墙装饰完成90%
填报人：陆芳 2021年8月24日`,
    'report',
    { project: P.jiaoshi, monthAmount: 1_500_000, progressPct: 90 },
  ),
  u(
    `【问题】贺巴高速
问题类别：征地拆迁
问题描述：那湾村3户未签约
需协调单位：县自然资源局`,
    'problem',
    { project: P.heba, category: '征地拆迁', unitName: '县自然资源局' },
  ),
  u(
    `【问题反映】
项目名称：广西来宾市忻城县福六水库工程
问题类型：审批
具体问题：环评批复尚未下达，影响主体工程开工
协调单位：忻城生态环境局`,
    'problem',
    { project: P.fuliu, category: '审批', unitName: '忻城生态环境局' },
  ),
  u(
    `【问题】武忻高速
问题描述：K12+300段村民阻工，施工无法推进
报送人：覃工`,
    'problem',
    { project: P.wuxin, category: '建设环境' },
  ),
  u(
    `【问题】金泰医疗
1、施工用电未接通
2、需供电部门尽快协调`,
    'problem',
    { project: P.jintai, category: '要素保障' },
  ),
  u(
    `【开工】福六水库
开工日期：2021年8月1日`,
    'status',
    { project: P.fuliu, status: '开工', date: '2021-08-01' },
  ),
  u(
    `【竣工】教师周转楼
竣工日期：8月10日
报送单位：县教育体育局`,
    'status',
    { project: P.jiaoshi, status: '竣工', date: '2021-08-10' },
  ),
  u(
    `【投产】茧丝绸产业园
投产日期：2021-08-12`,
    'status',
    { project: P.jiansi, status: '投产', date: '2021-08-12' },
  ),
  u(
    `进度 贺巴
本月完成投资1200万元
累计完成3.2亿元
形象进度：路基完成60%`,
    'report',
    { project: P.heba, monthAmount: 12_000_000, ytdAmount: 320_000_000, progressPct: 60 },
  ),
  u(
    `@项目调度助手
【进度】板寻水库
本月完成投资：80万元
形象进度：初步设计已报批`,
    'report',
    { project: P.banxun, monthAmount: 800_000 },
  ),
  u(
    `【进度】数字平安忻城云平台
本月完成投资：120万元
累计完成投资：860万元
形象进度：前端点位安装完成65%
县政务服务和大数据发展局`,
    'report',
    { project: P.pingan, monthAmount: 1_200_000, ytdAmount: 8_600_000, progressPct: 65 },
  ),
  u(
    `【进度】印象忻城
本月完成投资：600万元
累计完成投资：4500万元
形象进度：主体工程完成55%
存在问题：暂无`,
    'report',
    { project: P.yinxiang, monthAmount: 6_000_000, ytdAmount: 45_000_000, progressPct: 55 },
  ),
];
