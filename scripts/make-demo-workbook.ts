/**
 * Writes demo/xincheng-demo.xlsx: the 忻城县 demo county for `npm run import -- demo/xincheng-demo.xlsx`.
 * Project names, sectors, lead units and the 2021–2023 targets are the plan's; per-project figures,
 * people, userids and webhook keys are invented samples (备注 = 示例数据).
 *
 * Run: npx tsx scripts/make-demo-workbook.ts [out.xlsx]
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { projectSheet } from '../src/import/project-sheet.ts';

const OUT = process.argv[2] ?? 'demo/xincheng-demo.xlsx';
const SAMPLE = '示例数据';

/** A pipe-separated block, one row a line: data stays readable and out of the formatter's way. */
function table(block: string): string[][] {
  return block
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((c) => c.trim()));
}

/** 简称|名称|行业领域|专项类别|统筹层级|项目状态|总投资(万元)|年度计划(万元)|计划开工|计划竣工|牵头单位|联系县领导|指挥长|项目联系人 */
const PROJECTS = table(`
茧丝绸产业园|三江口(忻城)茧丝绸产业园|工业|双百双新、三企入桂|自治区层面|续建|150000|30000|2020-10|2023-12|县经贸局|liqiang|liuyang|liuna
金泰医疗|金泰医疗健康智能制造生态园|工业|三企入桂|市级层面|新开工|120000|25000|2021-06|2024-06|县经贸局|liqiang|liuyang|liuna
三江口产业园|三江口新区产业园|工业|双百双新|县级层面|续建|80000|20000|2020-05|2023-12|县重大项目建设办公室|liqiang|liuyang|liuna
制糖技改|忻城县制糖企业技术改造项目|工业|千企技改|县级层面|续建|12000|6000|2021-03|2022-06|县经贸局|liqiang|liuyang|liuna
贺巴高速|贺巴高速公路(忻城段)|交通|五网|自治区层面|续建|850000|200000|2020-12|2024-06|县交通运输局|liqiang|chenjun|zhangwei
武忻高速|武宣至忻城高速公路|交通|五网|自治区层面|新开工|600000|120000|2021-08|2024-12|县交通运输局|liqiang|chenjun|zhangwei
贺百高铁|贺州经柳州至百色高铁(忻城段)|交通|五网|自治区层面|前期|450000|20000|2022-12|2027-12|县交通运输局|liqiang|chenjun|zhangwei
河贵高铁|河池至贵港高铁(忻城段)|交通|五网|自治区层面|前期|400000|10000|2023-06|2028-06|县交通运输局|liqiang|chenjun|zhangwei
中节能风电|忻城中节能风力发电项目|能源|五网|市级层面|续建|80000|3000|2020-03|2021-12|县发展改革局|liqiang|chenjun|yangfan
管道燃气|忻城县管道燃气项目|能源|五网|县级层面|续建|15000|1000|2020-09|2022-12|县住建局|liqiang|chenjun|yangfan
福六水库|广西来宾市忻城县福六水库工程|水利|五网|自治区层面|新开工|120000|3000|2021-08-01|2025-12|县水利局|liqiang|chenjun|yangfan
板寻水库|板寻水库除险加固工程|水利|五网|县级层面|前期|3000|500|2022-03|2023-06|县水利局|liqiang|chenjun|yangfan
智慧应急|"智慧应急"指挥体系建设项目|新型基础设施|五网|县级层面|续建|3000|1500|2021-01|2022-06|县政务服务和大数据发展局|wanghua|zhaolei|zhoujie
5G项目|忻城县5G项目|新型基础设施|五网|县级层面|续建|5000|2000|2020-06|2023-12|县政务服务和大数据发展局|wanghua|zhaolei|zhoujie
数字平安|数字平安忻城云平台|新型基础设施||县级层面|新开工|2000|1000|2021-05|2022-05|县政务服务和大数据发展局|wanghua|zhaolei|zhoujie
工业云|忻城"工业云"|新型基础设施||县级层面|前期|1500|300|2022-01|2022-12|县政务服务和大数据发展局|wanghua|zhaolei|zhoujie
数字经济产业园|忻城数字经济产业园|新型基础设施||县级层面|前期|20000|2000|2022-06|2024-12|县政务服务和大数据发展局|wanghua|zhaolei|zhoujie
老旧小区改造|忻城县城镇老旧小区改造项目|新型城镇化||县级层面|续建|12000|4000|2021-03|2022-12|县住建局|wanghua|zhaolei|zhoujie
高标准农田|忻城县高标准农田建设项目|农业农村||县级层面|续建|30000|8000|2021-02|2023-12|县农业农村局|wanghua|zhaolei|sunli
冷链物流中心|忻城县农产品智慧冷链物流集散交易中心|现代服务业|五网|市级层面|新开工|30000|10000|2021-07|2023-06|县发展改革局|wanghua|zhaolei|wuting
芝州商贸城|忻城芝州现代商贸城项目|现代服务业||县级层面|续建|60000|15000|2020-08|2023-08|县发展改革局|wanghua|zhaolei|wuting
印象忻城|印象忻城|现代服务业||县级层面|续建|100000|20000|2020-04|2023-12|县重大项目建设办公室|wanghua|zhaolei|wuting
鸳鸯湖度假区|广西忻城鸳鸯湖生态旅游度假区项目|现代服务业|三企入桂|市级层面|新开工|150000|15000|2021-09|2025-12|县文化广电和旅游局|wanghua|zhaolei|wuting
竹子产业示范区|忻城县红水河竹子产业核心示范区基础设施项目|现代服务业||县级层面|续建|8000|3000|2021-01|2022-12|县农业农村局|wanghua|zhaolei|wuting
红色文化旅游|广西都宜忻革命根据地红色文化旅游扶贫项目|现代服务业||县级层面|续建|10000|3000|2020-11|2022-12|县文化广电和旅游局|wanghua|zhaolei|wuting
污水处理提标|忻城县城镇污水处理厂提标改造工程|生态环保||县级层面|续建|5000|2000|2021-04|2022-04|忻城生态环境局|wanghua|zhaolei|zhoujie
教师周转楼|忻城县教师周转楼|社会民生||县级层面|竣工|3000|1000|2020-03|2021-06-30|县教育体育局|wanghua|zhaolei|sunli
高中迁建|忻城县高级中学迁建工程|社会民生||市级层面|续建|45000|12000|2020-09|2022-08|县教育体育局|wanghua|zhaolei|sunli
忻城中学迁建|忻城县中学迁建工程|社会民生||县级层面|新开工|30000|8000|2021-07|2023-08|县教育体育局|wanghua|zhaolei|sunli
城南分院|忻城县人民医院城南分院|社会民生||县级层面|前期|25000|1000|2022-06|2024-12|县卫健局|wanghua|zhaolei|sunli
殡仪馆|忻城县殡仪馆建设项目|社会民生||县级层面|前期|4000|1500|2021-10|2023-06|县民政局|wanghua|zhaolei|sunli
公益性公墓|忻城县公益性公墓建设项目|社会民生||县级层面|续建|1500|500|2021-03|2021-12|县民政局|wanghua|zhaolei|sunli
`);
const ALIASES: Record<string, string> = { 贺巴高速: '贺巴', 武忻高速: '武忻', 福六水库: '福六' };
const APPROVALS: Record<string, string> = {
  贺巴高速: '用地报批:2021-09-30;林地使用许可:2021-10-31',
  武忻高速: '用地报批:2021-09-30;环评批复:2021-08-15',
  福六水库: '征地移民安置规划:2021-10-15;用地报批:2021-12-31',
  金泰医疗: '施工许可:2021-08-31',
  鸳鸯湖度假区: '规划许可:2021-09-15;环评批复:2021-10-15',
  忻城中学迁建: '施工许可:2021-08-20',
};
/** 三企入桂 四率 inputs: 协议投资 and 资金到位 (万元). */
const SANQI: Record<string, [number, number]> = {
  茧丝绸产业园: [150000, 90000],
  金泰医疗: [120000, 30000],
  鸳鸯湖度假区: [150000, 20000],
};

/** 单位名称|简称|负责人账号|负责人姓名 (负责人 are samples) */
const UNITS = table(`
县发展改革局|发改局|lijing|李静
县重大项目建设办公室|重大办|huangmin|黄敏
县经贸局|经贸局|tangmin|唐敏
县投资促进局|投促局|qinhai|覃海
县财政局|财政局|luoping|罗平
县自然资源局|自然资源局|wangfang|王芳
忻城生态环境局|生态环境局|weiqing|韦青
县交通运输局|交通运输局|maqiang|马强
县水利局|水利局|hejun|何军
县住建局|住建局|lanbo|蓝波
县政务服务和大数据发展局|大数据局|pangyu|庞宇
县教育体育局|教育体育局|mengli|蒙丽
县文化广电和旅游局|文旅局|fanxin|樊欣
县卫健局|卫健局|liangkang|梁康
县人社局|人社局|moyun|莫云
县农业农村局|农业农村局|lutian|陆田
县乡村振兴局|乡村振兴局|xiecun|谢村
县民政局|民政局|panmin|潘民
县统计局|统计局|zengshu|曾数
县审计局|审计局|gushen|古审
县机关事务局|机关事务局|jiangwu|江务
县督效办|督效办|duxiao|杜效
县委组织部|组织部|zuzhi|祖志
县工商联|工商联|gongshang|龚商
人民银行忻城县支行|人行忻城支行|yinhang|尹行
县工管委|工管委|gongguan|龚冠
各乡(镇)人民政府|各乡镇||
`);

/** 账号|姓名|单位|角色|手机 (all samples) */
const PEOPLE = table(`
huangmin|黄敏|县重大项目建设办公室|重大办、管理员、单位负责人|13800000001
liqiang|李强|县人民政府|县领导|13800000002
wanghua|王华|县人民政府|县领导|13800000003
chenjun|陈军|县交通运输局|指挥长|13800000004
liuyang|刘洋|县经贸局|指挥长|13800000005
zhaolei|赵磊|县发展改革局|指挥长|13800000006
zhangwei|张伟|县交通运输局|项目联系人|13800000007
liuna|刘娜|县经贸局|项目联系人|13800000008
yangfan|杨帆|县水利局|项目联系人|13800000009
zhoujie|周杰|县政务服务和大数据发展局|项目联系人|13800000010
wuting|吴婷|县发展改革局|项目联系人|13800000011
sunli|孙丽|县教育体育局|项目联系人|13800000012
`);

/** 领域|三年目标(万元): the plan's 2021–2023 targets (xincheng-facts.md) */
const TARGETS_3Y = table(`
全部|1400000
工业|350000
交通|450000
能源|10000
水利|10000
五网|400000
新型基础设施|10000
新型城镇化|70000
农业农村|200000
现代服务业|80000
生态环保|10000
社会民生|20000
`);
/** 领域|2021年目标(万元): not in the plan; samples, roughly 30% of the three-year figure */
const TARGETS_2021 = table(`
全部|420000
工业|100000
交通|130000
能源|3000
水利|3000
五网|120000
新型基础设施|3000
新型城镇化|20000
农业农村|60000
现代服务业|24000
生态环保|3000
社会民生|6000
`);

/** The 项目库 columns in the order the import defines them (design's list, then the optional ones). */
const PROJECT_COLUMNS = Object.keys(projectSheet.columns);

export const DEMO_CODES = PROJECTS.map((_, i) => `XC-2021-${String(i + 1).padStart(3, '0')}`);

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  header: string[],
  rows: unknown[][],
  widths: number[] = [],
) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? Math.max(10, h.length * 2 + 2);
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

function buildWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '项目调度助手';
  wb.created = new Date('2021-07-01T00:00:00Z');
  wb.modified = wb.created;

  const about = wb.addWorksheet('说明');
  about.getColumn(1).width = 110;
  for (const line of [
    '忻城县重大项目调度 演示工作簿（项目调度助手）',
    '',
    '导入：npm run import -- demo/xincheng-demo.xlsx（可重复导入，未改动的内容不会变化）。',
    '项目名称、行业领域、牵头单位和 2021—2023 年三年投资目标取自《忻城县扩大有效投资三年攻坚行动方案（2021—2023年）》。',
    '每个项目的编号、总投资、年度计划、日期、审批事项、人员、账号、手机号和群机器人 key 都是虚构的示例数据（备注列标为「示例数据」），不代表真实情况。',
    '2021 年度投资目标同样是示例数据（约为三年目标的 30%）；三年目标是方案中的数字。',
    '各表的列名与格式见 design.md 的「Import workbook」一节；多余的列（别名、协议投资、资金到位、备注）可选。',
  ]) {
    about.addRow([line]);
  }
  about.getRow(1).font = { bold: true, size: 14 };

  sheet(
    wb,
    '项目库',
    PROJECT_COLUMNS,
    PROJECTS.map((p, i) => {
      const [short = '', name, sector, cats, level, status, total, annual, start, end, unit, ...people] = p;
      const sanqi = SANQI[short];
      const early = status === '前期';
      return [
        DEMO_CODES[i],
        name,
        short,
        sector,
        cats,
        level,
        status,
        Number(total),
        Number(annual),
        start,
        end,
        `${short}项目业主（示例）`,
        unit,
        ...people,
        '财政资金、专项债券与企业自筹（示例）',
        early ? '待落实（示例）' : '已落实（示例）',
        early ? '完成前期工作（示例）' : '完成年度投资计划（示例）',
        APPROVALS[short] ?? '',
        ALIASES[short] ?? '',
        sanqi?.[0] ?? null,
        sanqi?.[1] ?? null,
        SAMPLE,
      ];
    }),
    [13, 40, 16, 14, 18, 12, 10, 14, 18, 12, 12, 26, 24, 12, 10, 12, 32, 18, 24, 44, 10, 16, 16, 10],
  );
  sheet(
    wb,
    '单位',
    ['单位名称', '简称', '负责人'],
    UNITS.map(([n, s, h]) => [n, s, h]),
    [28, 16, 14],
  );
  const heads = UNITS.filter(([, , h]) => h && !PEOPLE.some(([id]) => id === h)).map(
    ([unit, , id, name], i) => [id, name, unit, '单位负责人', `139000000${String(i + 1).padStart(2, '0')}`],
  );
  sheet(
    wb,
    '人员',
    ['账号', '姓名', '单位', '角色', '手机', '备注'],
    [...PEOPLE, ...heads].map((r) => [...r, SAMPLE]),
    [14, 10, 28, 28, 16, 10],
  );
  const transport = DEMO_CODES.filter((_, i) => PROJECTS[i]![2] === '交通').join('、');
  sheet(
    wb,
    '群聊',
    ['群名称', '群ID', 'Webhook', '推送内容', '关联项目', '备注'],
    [
      [
        '县重大项目调度群',
        '',
        'demo-key-1',
        '日报、周报、月报、通报、提醒',
        '全部',
        '示例 key，导入后由机器人回调更新',
      ],
      [
        '交通项目专班群',
        '',
        'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-key-2',
        '日报、提醒',
        transport,
        SAMPLE,
      ],
      ['县领导调度群', '', 'demo-key-3', '周报、月报、通报', '全部', SAMPLE],
    ],
    [20, 24, 64, 30, 60, 30],
  );
  sheet(
    wb,
    '投资目标',
    ['领域', '起始年度', '截止年度', '目标(万元)', '备注'],
    [
      ...TARGETS_3Y.map(([d, t]) => [d, 2021, 2023, Number(t), '三年行动方案目标']),
      ...TARGETS_2021.map(([d, t]) => [d, 2021, 2021, Number(t), SAMPLE]),
    ],
    [14, 10, 10, 12, 18],
  );
  sheet(
    wb,
    '节假日',
    ['日期', '类型', '名称'],
    [
      ['2021-09-18', '班', '中秋节调休'],
      ['2021-09-20', '休', '中秋节'],
      ['2021-09-26', '班', '国庆节调休'],
      ['2021-10-01', '休', '国庆节'],
      ['2021-10-09', '班', '国庆节调休'],
    ],
    [14, 8, 16],
  );
  return wb;
}

async function main(): Promise<void> {
  mkdirSync(path.dirname(path.resolve(OUT)), { recursive: true });
  await buildWorkbook().xlsx.writeFile(OUT);
  console.log(`wrote ${OUT}: ${PROJECTS.length} projects, ${UNITS.length} units`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
