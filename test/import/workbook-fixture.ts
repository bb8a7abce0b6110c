/** Builds small workbooks in memory for import tests. */
import ExcelJS from 'exceljs';

export type SheetRows = Record<string, unknown[][]>;

/** `sheets` maps a sheet name to its rows, the first row being the header. */
export async function workbookBuffer(sheets: SheetRows): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const PROJECT_HEADER = [
  '项目编号',
  '项目名称',
  '简称',
  '行业领域',
  '专项类别',
  '统筹层级',
  '项目状态',
  '总投资(万元)',
  '年度计划投资(万元)',
  '计划开工',
  '计划竣工',
  '项目业主',
  '牵头单位',
  '联系县领导',
  '指挥长',
  '项目联系人',
  '资金筹措方案',
  '耕地占补平衡方案',
  '年度进度目标',
  '审批事项',
];

export function projectRow(over: Partial<Record<string, unknown>> = {}): unknown[] {
  const base: Record<string, unknown> = {
    项目编号: 'T-001',
    项目名称: '测试项目',
    简称: '测试',
    行业领域: '交通',
    专项类别: '五网',
    统筹层级: '县级层面',
    项目状态: '续建',
    '总投资(万元)': 1000,
    '年度计划投资(万元)': 200,
    计划开工: '2021-03',
    计划竣工: '2022-12-31',
    项目业主: '业主',
    牵头单位: '县交通运输局',
    联系县领导: 'liqiang',
    指挥长: 'chenjun',
    项目联系人: 'zhangwei',
    资金筹措方案: '自筹',
    耕地占补平衡方案: '已落实',
    年度进度目标: '完成路基',
    审批事项: '',
    ...over,
  };
  return PROJECT_HEADER.map((h) => base[h] ?? null);
}
