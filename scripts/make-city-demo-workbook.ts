/**
 * Writes demo/laibin-city-demo.xlsx: a second county (兴宾区) and the city (全市) — its 市重大办, 市领导,
 * unit and group — to import after the 忻城县 demo, so the sandbox shows a city view
 * (`npm run sandbox -- --city`; or `npm run import -- demo/laibin-city-demo.xlsx` after the county's).
 * Every row carries 县区; names, figures, userids and webhook keys are invented samples.
 *
 * Run: npx tsx scripts/make-city-demo-workbook.ts [out.xlsx]
 */

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { projectSheet } from '../src/import/project-sheet.ts';

const OUT = process.argv[2] ?? 'demo/laibin-city-demo.xlsx';
const SAMPLE = '示例数据';
const XB = '兴宾区';
const CITY = '全市';

/** 编号|简称|名称|行业领域|专项类别|状态|总投资(万元)|年度计划(万元)|计划开工|计划竣工|牵头单位 */
const PROJECTS = [
  [
    'XB-2021-001',
    '凤凰大道',
    '兴宾区凤凰大道改扩建工程',
    '交通',
    '五网',
    '续建',
    150000,
    20000,
    '2020-09',
    '2022-12',
    '区交通运输局',
  ],
  [
    'XB-2021-002',
    '兴宾茧丝绸',
    '兴宾区茧丝绸产业园二期',
    '工业',
    '双百双新',
    '新开工',
    60000,
    12000,
    '2021-05',
    '2023-06',
    '区工业和信息化局',
  ],
  [
    'XB-2021-003',
    '城南水厂',
    '兴宾区城南水厂及配套管网工程',
    '水利',
    '五网',
    '续建',
    35000,
    9000,
    '2021-03',
    '2022-10',
    '区水利局',
  ],
  [
    'XB-2021-004',
    '冷链物流园',
    '兴宾区农产品冷链物流园',
    '现代服务业',
    '',
    '前期',
    28000,
    3000,
    '2021-10',
    '2023-12',
    '区商务局',
  ],
];

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: unknown[][]) {
  const ws = wb.addWorksheet(name);
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(12, h.length * 3 + 2);
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
    '来宾市（示例）：兴宾区和全市的演示工作簿（项目调度助手）',
    '',
    '先导入 demo/xincheng-demo.xlsx（忻城县），再导入本工作簿：npm run import -- demo/laibin-city-demo.xlsx。',
    '每行的「县区」列说明所属县区；县区为「全市」的是市级的单位、人员和群（市重大办、市领导、全市调度群）。',
    '全部内容都是虚构的示例数据，不代表真实情况。',
  ]) {
    about.addRow([line]);
  }
  about.getRow(1).font = { bold: true, size: 14 };

  const columns = [...Object.keys(projectSheet.columns), '县区'];
  sheet(
    wb,
    '项目库',
    columns,
    PROJECTS.map(([code, short, name, sector, cats, status, total, annual, start, end, unit]) => {
      const row: Record<string, unknown> = {
        项目编号: code,
        项目名称: name,
        简称: short,
        行业领域: sector,
        专项类别: cats,
        统筹层级: '县级层面',
        项目状态: status,
        '总投资(万元)': total,
        '年度计划投资(万元)': annual,
        计划开工: start,
        计划竣工: end,
        项目业主: `${short}项目业主（示例）`,
        牵头单位: unit,
        联系县领导: 'xb_weiqi',
        指挥长: 'xb_weiqi',
        项目联系人: 'xb_zhaoliu',
        资金筹措方案: '财政资金与企业自筹（示例）',
        耕地占补平衡方案: '已落实（示例）',
        年度进度目标: '完成年度投资计划（示例）',
        备注: SAMPLE,
        县区: XB,
      };
      return columns.map((c) => row[c] ?? null);
    }),
  );
  sheet(
    wb,
    '单位',
    ['单位名称', '简称', '负责人', '县区'],
    [
      ['区交通运输局', '交通局', 'xb_wangbing', XB],
      ['区工业和信息化局', '工信局', 'xb_wangbing', XB],
      ['区水利局', '水利局', 'xb_wangbing', XB],
      ['区商务局', '商务局', 'xb_wangbing', XB],
      ['区重大项目建设办公室', '重大办', 'xb_mengba', XB],
      ['市重大项目建设办公室', '市重大办', 'city_lishi', CITY],
    ],
  );
  sheet(
    wb,
    '人员',
    ['账号', '姓名', '单位', '角色', '手机', '县区', '备注'],
    [
      ['xb_zhaoliu', '赵六', '区交通运输局', '项目联系人', '13900001001', XB, SAMPLE],
      ['xb_weiqi', '韦七', '', '县领导、指挥长', '13900001002', XB, SAMPLE],
      ['xb_wangbing', '王兵', '区交通运输局', '单位负责人', '13900001003', XB, SAMPLE],
      ['xb_mengba', '蒙八', '区重大项目建设办公室', '重大办', '13900001004', XB, SAMPLE],
      ['city_lishi', '李市', '市重大项目建设办公室', '市重大办', '13900002001', CITY, SAMPLE],
      ['city_liu', '刘市', '', '市领导', '13900002002', CITY, SAMPLE],
    ],
  );
  sheet(
    wb,
    '群聊',
    ['群名称', '群ID', 'Webhook', '推送内容', '关联项目', '县区', '备注'],
    [
      ['兴宾区重大项目调度群', '', 'demo-city-key-1', '日报、周报、月报、通报、提醒', '全部', XB, SAMPLE],
      ['来宾市重大项目调度群', '', 'demo-city-key-2', '通报、提醒', '全部', CITY, SAMPLE],
    ],
  );
  sheet(
    wb,
    '投资目标',
    ['领域', '起始年度', '截止年度', '目标(万元)', '县区', '备注'],
    [['全部', 2021, 2021, 45000, XB, SAMPLE]],
  );
  return wb;
}

mkdirSync(path.dirname(OUT), { recursive: true });
await buildWorkbook().xlsx.writeFile(OUT);
console.log(`wrote ${OUT}`);
