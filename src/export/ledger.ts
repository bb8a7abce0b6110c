/**
 * 统计台账: one row per project for a month, with the month's figures, 本年累计, share of the annual
 * plan, 形象进度, start/completion dates, open problems and who reported when (数出有据), plus a
 * totals row. Amounts are written in 万元 as numbers so the sheet can be summed and checked in Excel.
 */
import { localDate, localTime } from '../calendar/dates.ts';
import type { Data } from '../data/index.ts';
import { approvalState, fiveClearMissing } from '../domain/approvals.ts';
import { fundsTotals } from '../domain/funds.ts';
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
  /** 审批事项 as of the ledger's day: how many, obtained, overdue, and each in words. */
  approvals: { total: number; done: number; overdue: number; detail: string };
  /** The 五明确 the project lacks ('' when complete). */
  fiveClearMissing: string[];
  /** 资金到位, 元: the month, the year to date, since the start, and the 专项债 since the start. */
  funds: { month: number; ytd: number; sinceStart: number; sinceStartBond: number };
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
    fundsMonth: number;
    fundsYtd: number;
    fundsSinceStart: number;
    fundsSinceStartBond: number;
  };
}

export interface LedgerOptions {
  timeZone?: string;
  /** Today: approval items are judged as of today for the current month, as of its last day for a past one. */
  today?: string;
}

export async function computeLedger(data: Data, month: string, opts: LedgerOptions = {}): Promise<Ledger> {
  const tz = opts.timeZone ?? 'Asia/Shanghai';
  const end = monthEnd(month);
  const asOf = opts.today && opts.today < end ? opts.today : end;
  const [projects, figures, dir, events, open, funds] = await Promise.all([
    data.library.projects(),
    data.figures.all(),
    loadDirectory(data),
    data.statusEvents.upTo(end),
    data.problems.list(),
    data.funds.all(),
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
      approvals: approvalsOf(p.approvals ?? [], asOf),
      fiveClearMissing: fiveClearMissing(p),
      funds: fundsOf(fundsTotals(funds.get(p.code) ?? [], p.fundsInPlace, month)),
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
      fundsMonth: sum((r) => r.funds.month),
      fundsYtd: sum((r) => r.funds.ytd),
      fundsSinceStart: sum((r) => r.funds.sinceStart),
      fundsSinceStartBond: sum((r) => r.funds.sinceStartBond),
    },
  };
}

function approvalsOf(
  items: ReadonlyArray<{ name: string; deadline: string; doneAt?: string | null }>,
  day: string,
): LedgerRow['approvals'] {
  const states = items.map((a) => ({ a, state: approvalState(a, day) }));
  return {
    total: items.length,
    done: states.filter((x) => x.state === 'done').length,
    overdue: states.filter((x) => x.state === 'overdue').length,
    detail: states
      .map(({ a, state }) =>
        state === 'done'
          ? `${a.name}：${a.doneAt}批复`
          : `${a.name}：${a.deadline}前${state === 'overdue' ? '（逾期）' : ''}`,
      )
      .join('；'),
  };
}

function fundsOf(t: ReturnType<typeof fundsTotals>): LedgerRow['funds'] {
  return {
    month: t.month?.amount ?? 0,
    ytd: t.ytd,
    sinceStart: t.sinceStart,
    sinceStartBond: t.sinceStartBond,
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
  { header: '审批事项数', width: 10 },
  { header: '已批复', width: 8 },
  { header: '逾期未批复', width: 10 },
  { header: '审批事项明细', width: 40 },
  { header: '五明确缺项', width: 24 },
  { header: '本月资金到位(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '本年资金到位(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '累计资金到位(万元)', width: 14, numFmt: '#,##0.00' },
  { header: '其中专项债累计(万元)', width: 14, numFmt: '#,##0.00' },
];

export const LEDGER_HEADERS = COLUMNS.map((c) => c.header);

export async function buildLedgerWorkbook(
  data: Data,
  month: string,
  opts: LedgerOptions = {},
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
      r.approvals.total,
      r.approvals.done,
      r.approvals.overdue,
      r.approvals.detail,
      r.fiveClearMissing.length ? r.fiveClearMissing.join('、') : '齐全',
      wanFromYuan(r.funds.month),
      wanFromYuan(r.funds.ytd),
      wanFromYuan(r.funds.sinceStart),
      wanFromYuan(r.funds.sinceStartBond),
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
    '',
    '',
    '',
    ledger.rows.reduce((n, r) => n + r.approvals.total, 0),
    ledger.rows.reduce((n, r) => n + r.approvals.done, 0),
    ledger.rows.reduce((n, r) => n + r.approvals.overdue, 0),
    '',
    `${ledger.rows.filter((r) => !r.fiveClearMissing.length).length}个项目齐全`,
    wanFromYuan(t.fundsMonth),
    wanFromYuan(t.fundsYtd),
    wanFromYuan(t.fundsSinceStart),
    wanFromYuan(t.fundsSinceStartBond),
  ]);
  totals.font = { bold: true };

  const notes = wb.addWorksheet('说明');
  notes.columns = [{ width: 90 }];
  for (const line of [
    `统计月份：${ledger.month}`,
    '金额单位：万元。本年累计取该项目本月报送数；本月未报送的，取本年最近一次报送数（本月完成计0）。',
    '占年度计划% = 本年累计 ÷ 年度计划投资。未办结问题为导出时仍在办理中的问题和督办事项。',
    '报送人、报送时间为本月现行有效报送的来源（数出有据）；更正后的报送以最新一次为准，原报送留存历史。',
    '审批事项按统计月份末（当月为导出当天）的状态统计：已批复 = 该日前已登记批复；逾期未批复 = 办理时限已过仍未批复。',
    '五明确：资金筹措方案、耕地占补平衡方案、年度进度目标、年度投资计划、重要审批环节办理时限，缺项列出。',
    '资金到位：本月、本年为群内“资金”报送数；累计 = 项目库“资金到位”+ 各月报送数（同月重复报送以最新一次为准）。',
  ])
    notes.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
