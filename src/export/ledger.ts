/**
 * 统计台账: one row per project for a month, with the month's figures, 本年累计, share of the annual
 * plan, 形象进度, start/completion dates, open problems and who reported when (数出有据), plus a
 * totals row. Amounts are written in 万元 as numbers so the sheet can be summed and checked in Excel.
 */
import { localDate, localTime } from '../calendar/dates.ts';
import type { Data } from '../data/index.ts';
import { wanFromYuan } from '../domain/money.ts';
import { excelModule } from '../heavy-modules.ts';
import { loadDirectory, monthEnd, openProblemNumbers, progressFrom } from '../jobs/data.ts';

export const LEDGER_SHEET = '统计台账';

export interface LedgerRow {
  code: string;
  name: string;
  sector: string;
  status: string;
  totalInvestment: number;
  annualPlan: number;
  monthAmount: number;
  ytd: number;
  /** 本年累计 ÷ 年度计划 as a fraction; null without a plan. */
  share: number | null;
  progressText: string;
  startedAt: string;
  completedAt: string;
  openProblems: number[];
  reporter: string;
  reportedAt: string;
}

export interface Ledger {
  month: string;
  rows: LedgerRow[];
  /** 元. */
  totals: {
    totalInvestment: number;
    annualPlan: number;
    monthAmount: number;
    ytd: number;
    share: number | null;
  };
}

export async function computeLedger(
  data: Data,
  month: string,
  opts: { timeZone?: string } = {},
): Promise<Ledger> {
  const tz = opts.timeZone ?? 'Asia/Shanghai';
  const [projects, figures, dir, events, open] = await Promise.all([
    data.library.projects(),
    data.figures.all(),
    loadDirectory(data),
    data.statusEvents.upTo(monthEnd(month)),
    data.problems.list(),
  ]);
  const progress = progressFrom(figures, month);
  const firstEvent = (code: string, kinds: string[]) =>
    events.find((e) => e.projectCode === code && kinds.includes(e.kind))?.date ?? '';
  const openOf = openProblemNumbers(open);
  const rows: LedgerRow[] = projects.map((p) => {
    const g = progress.get(p.code);
    const ytd = g?.ytd ?? 0;
    const r = g?.report;
    return {
      code: p.code,
      name: p.name,
      sector: p.sector,
      status: p.status,
      totalInvestment: p.totalInvestment,
      annualPlan: p.annualPlan,
      monthAmount: g?.monthAmount ?? 0,
      ytd,
      share: p.annualPlan ? ytd / p.annualPlan : null,
      progressText: g?.progressText ?? '',
      startedAt: p.actualStart ?? firstEvent(p.code, ['开工']),
      completedAt: p.actualEnd ?? p.operationAt ?? firstEvent(p.code, ['竣工', '投产']),
      openProblems: openOf(p.code),
      reporter: r ? dir.personName(r.reporterId) : '',
      reportedAt: r ? `${localDate(r.reportedAt, tz)} ${localTime(r.reportedAt, tz)}` : '',
    };
  });
  const sum = (f: (r: LedgerRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const annualPlan = sum((r) => r.annualPlan);
  const ytd = sum((r) => r.ytd);
  return {
    month,
    rows,
    totals: {
      totalInvestment: sum((r) => r.totalInvestment),
      annualPlan,
      monthAmount: sum((r) => r.monthAmount),
      ytd,
      share: annualPlan ? ytd / annualPlan : null,
    },
  };
}

const COLUMNS: Array<{ header: string; width: number; numFmt?: string }> = [
  { header: '项目编号', width: 14 },
  { header: '项目名称', width: 34 },
  { header: '行业领域', width: 12 },
  { header: '项目状态', width: 10 },
  { header: '总投资(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '年度计划(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '本月完成(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '本年累计(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '占年度计划%', width: 12, numFmt: '0.0%' },
  { header: '形象进度', width: 30 },
  { header: '开工日期', width: 12 },
  { header: '竣工日期', width: 12 },
  { header: '未办结问题数', width: 12 },
  { header: '未办结问题编号', width: 18 },
  { header: '报送人', width: 10 },
  { header: '报送时间', width: 17 },
];

export const LEDGER_HEADERS = COLUMNS.map((c) => c.header);

export async function buildLedgerWorkbook(
  data: Data,
  month: string,
  opts: { timeZone?: string } = {},
): Promise<Buffer> {
  return renderLedger(await computeLedger(data, month, opts));
}

export async function renderLedger(ledger: Ledger): Promise<Buffer> {
  const wb = new (excelModule().Workbook)();
  wb.creator = '项目调度助手';
  const ws = wb.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  for (const r of ledger.rows) {
    ws.addRow([
      r.code,
      r.name,
      r.sector,
      r.status,
      wanFromYuan(r.totalInvestment),
      wanFromYuan(r.annualPlan),
      wanFromYuan(r.monthAmount),
      wanFromYuan(r.ytd),
      r.share,
      r.progressText,
      r.startedAt,
      r.completedAt,
      r.openProblems.length,
      r.openProblems.map((n) => `#${n}`).join('、'),
      r.reporter,
      r.reportedAt,
    ]);
  }
  const t = ledger.totals;
  const totals = ws.addRow([
    '合计',
    `${ledger.rows.length}个项目`,
    '',
    '',
    wanFromYuan(t.totalInvestment),
    wanFromYuan(t.annualPlan),
    wanFromYuan(t.monthAmount),
    wanFromYuan(t.ytd),
    t.share,
    '',
    '',
    '',
    ledger.rows.reduce((n, r) => n + r.openProblems.length, 0),
  ]);
  totals.font = { bold: true };

  const notes = wb.addWorksheet('说明');
  notes.columns = [{ width: 90 }];
  for (const line of [
    `统计月份：${ledger.month}`,
    '金额单位：万元。本年累计取该项目本月报送数；本月未报送的，取本年最近一次报送数（本月完成计0）。',
    '占年度计划% = 本年累计 ÷ 年度计划投资。未办结问题为导出时仍在办理中的问题和督办事项。',
    '报送人、报送时间为本月现行有效报送的来源（数出有据）；更正后的报送以最新一次为准，原报送留存历史。',
  ])
    notes.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
