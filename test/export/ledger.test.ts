import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Data } from '../../src/data/index.ts';
import { buildLedgerWorkbook, LEDGER_HEADERS, LEDGER_SHEET } from '../../src/export/ledger.ts';
import { connectTestStores } from '../helpers/services.ts';
import { PROJECTS, REPORTS, type SeededProblems, seedCounty } from '../jobs/seed.ts';

let seeded: SeededProblems;

let data: Data;

beforeAll(async () => {
  ({ data } = await connectTestStores());
  seeded = await seedCounty(data);
});

const current = REPORTS.filter((r) => (r.state ?? 'current') === 'current');
const ytdAsOf = (code: string, month: string) =>
  current
    .filter((r) => r.projectCode === code && r.month.slice(0, 4) === month.slice(0, 4) && r.month <= month)
    .sort((a, b) => a.month.localeCompare(b.month))
    .at(-1)?.ytdAmount ?? 0;

async function open(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('统计台账', () => {
  it('has one row per project and a totals row equal to the seeded figures', async () => {
    const wb = await open(await buildLedgerWorkbook(data, '2021-08'));
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    expect(ws).toBeDefined();
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(LEDGER_HEADERS);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(1 + PROJECTS.length + 1);

    const col = (name: string) => LEDGER_HEADERS.indexOf(name) + 1;
    const rows = Array.from({ length: PROJECTS.length }, (_, i) => ws.getRow(i + 2));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(PROJECTS.map((p) => p.code));

    const wan = (yuan: number) => yuan / 10_000;
    const expectedYtd = PROJECTS.reduce((n, p) => n + ytdAsOf(p.code, '2021-08'), 0);
    const expectedMonth = current.filter((r) => r.month === '2021-08').reduce((n, r) => n + r.monthAmount, 0);
    const expectedPlan = PROJECTS.reduce((n, p) => n + p.annualPlan, 0);
    const expectedTotal = PROJECTS.reduce((n, p) => n + p.totalInvestment, 0);

    const totals = ws.getRow(PROJECTS.length + 2);
    expect(totals.getCell(1).value).toBe('合计');
    expect(totals.getCell(col('总投资(万元)')).value).toBe(wan(expectedTotal));
    expect(totals.getCell(col('年度计划(万元)')).value).toBe(wan(expectedPlan));
    expect(totals.getCell(col('本月完成(万元)')).value).toBe(wan(expectedMonth));
    expect(totals.getCell(col('本年累计(万元)')).value).toBe(wan(expectedYtd));
    expect(totals.getCell(col('占年度计划%')).value).toBeCloseTo(expectedYtd / expectedPlan, 9);
    // The totals row is the sum of the rows above it.
    for (const name of ['总投资(万元)', '年度计划(万元)', '本月完成(万元)', '本年累计(万元)']) {
      const sum = rows.reduce((n, r) => n + Number(r.getCell(col(name)).value ?? 0), 0);
      expect(Number(totals.getCell(col(name)).value)).toBeCloseTo(sum, 6);
    }
    expect(ws.getColumn(col('本年累计(万元)')).numFmt).toBe('#,##0.00');
    expect(ws.getColumn(col('占年度计划%')).numFmt).toBe('0.0%');
    expect(ws.getColumn(col('项目名称')).width).toBeGreaterThan(20);
  });

  it('keeps who reported each figure and when, the dates and the open problems', async () => {
    const wb = await open(await buildLedgerWorkbook(data, '2021-08'));
    const ws = wb.getWorksheet(LEDGER_SHEET)!;
    const col = (name: string) => LEDGER_HEADERS.indexOf(name) + 1;
    const row = (code: string) => {
      const i = PROJECTS.findIndex((p) => p.code === code);
      return ws.getRow(i + 2);
    };
    const p1 = row('XC-001');
    expect(p1.getCell(col('本月完成(万元)')).value).toBe(1200);
    expect(p1.getCell(col('本年累计(万元)')).value).toBe(32200);
    expect(p1.getCell(col('形象进度')).value).toBe('路基完成60%');
    expect(p1.getCell(col('报送人')).value).toBe('张伟');
    expect(p1.getCell(col('报送时间')).value).toBe('2021-08-16 10:32');
    expect(p1.getCell(col('未办结问题数')).value).toBe(1);
    expect(p1.getCell(col('未办结问题编号')).value).toBe(`#${seeded.overdue}`);
    const p4 = row('XC-004');
    expect(p4.getCell(col('开工日期')).value).toBe('2021-08-16');
    // No August report: ytd carried from July, nothing this month, nobody named.
    const p3 = row('XC-003');
    expect(p3.getCell(col('本月完成(万元)')).value).toBe(0);
    expect(p3.getCell(col('本年累计(万元)')).value).toBe(8000);
    expect(p3.getCell(col('报送人')).value).toBe('');
    const p5 = row('XC-005');
    expect(p5.getCell(col('占年度计划%')).value).toBeNull();
  });
});
