import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Data } from '../../src/data/index.ts';
import { buildLedgerWorkbook, LEDGER_HEADERS, LEDGER_SHEET } from '../../src/export/ledger.ts';
import { createApprovalService } from '../../src/services/approvals.ts';
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

  it('has the approval items as of the day, the missing 五明确 and the funds in place', async () => {
    const approvals = createApprovalService({ data, now: () => new Date('2021-08-17T10:00:00+08:00') });
    await approvals.done({
      projectCode: 'XC-001',
      name: '用地报批',
      date: '2021-08-17',
      today: '2021-08-17',
      by: 'zhangwei',
    });
    await data.funds.submit({
      projectCode: 'XC-003',
      month: '2021-08',
      amount: 30_000_000,
      bondAmount: 10_000_000,
      reporterId: 'wangfang',
      at: new Date('2021-08-17T10:00:00+08:00'),
    });
    await data.funds.submit({
      projectCode: 'XC-003',
      month: '2021-07',
      amount: 5_000_000,
      reporterId: 'wangfang',
      at: new Date('2021-08-17T11:00:00+08:00'),
    });
    const col = (name: string) => LEDGER_HEADERS.indexOf(name) + 1;
    const sheet = async (today?: string) => {
      const wb = await open(await buildLedgerWorkbook(data, '2021-08', today ? { today } : {}));
      return wb.getWorksheet(LEDGER_SHEET)!;
    };
    const row = (ws: Awaited<ReturnType<typeof sheet>>, code: string) =>
      ws.getRow(PROJECTS.findIndex((p) => p.code === code) + 2);

    // On the 20th: 用地报批 obtained on the 17th, 环评批复 (due the 30th) still in time.
    const mid = row(await sheet('2021-08-20'), 'XC-001');
    expect(mid.getCell(col('审批事项数')).value).toBe(2);
    expect(mid.getCell(col('已批复')).value).toBe(1);
    expect(mid.getCell(col('逾期未批复')).value).toBe(0);
    expect(mid.getCell(col('审批事项明细')).value).toBe('用地报批：2021-08-17批复；环评批复：2021-08-30前');
    // August as a past month: judged on its last day, when 环评批复 was overdue.
    const end = row(await sheet(), 'XC-001');
    expect(end.getCell(col('逾期未批复')).value).toBe(1);
    expect(end.getCell(col('审批事项明细')).value).toBe(
      '用地报批：2021-08-17批复；环评批复：2021-08-30前（逾期）',
    );
    // The seed has none of the three texts of the 五明确; 板寻水库 has no annual plan and no items either.
    expect(end.getCell(col('五明确缺项')).value).toBe('资金筹措方案、耕地占补平衡方案、年度进度目标');
    expect(row(await sheet(), 'XC-005').getCell(col('五明确缺项')).value).toBe(
      '资金筹措方案、耕地占补平衡方案、年度进度目标、年度投资计划、重要审批环节办理时限',
    );

    // 茧丝绸: 1.5亿 in the workbook, 500万 reported for July and 3000万 (1000万 专项债) for August.
    const ws = await sheet();
    const silk = row(ws, 'XC-003');
    expect(silk.getCell(col('本月资金到位(万元)')).value).toBe(3000);
    expect(silk.getCell(col('本年资金到位(万元)')).value).toBe(3500);
    expect(silk.getCell(col('累计资金到位(万元)')).value).toBe(18500);
    expect(silk.getCell(col('其中专项债累计(万元)')).value).toBe(1000);
    const totals = ws.getRow(PROJECTS.length + 2);
    expect(totals.getCell(col('累计资金到位(万元)')).value).toBe(18500);
    expect(totals.getCell(col('审批事项数')).value).toBe(2);
    expect(totals.getCell(col('五明确缺项')).value).toBe('0个项目齐全');
  });
});
