/**
 * A synthetic county of any size for the summary benchmark: the import workbook (sheet format of
 * design.md "Import workbook", built with exceljs) and, written straight to the store, 36 months
 * of progress reports (2021-01 … 2023-12) and problems. Deterministic: the same size gives the
 * same county.
 */

import ExcelJS from 'exceljs';
import { createBulkLoader } from '../../src/data/bulk-load.ts';
import { PROBLEM_CATEGORIES, SECTORS } from '../../src/domain/vocabulary.ts';
import { projectSheet } from '../../src/import/project-sheet.ts';

export const FIRST_YEAR = 2021;
export const MONTHS = 36;
/** The summaries are built as of this day, for the last reported month. */
export const TODAY = '2024-01-10';
export const MONTH = '2023-12';

const STATUSES = ['续建', '续建', '续建', '新开工', '新开工', '续建', '前期', '竣工', '续建', '投产'];
const UNITS = Array.from({ length: 30 }, (_, i) => `县第${i + 1}局`);
const LEADERS = Array.from({ length: 6 }, (_, i) => `leader${i + 1}`);
const COMMANDERS = Array.from({ length: 20 }, (_, i) => `cmd${i + 1}`);
const contactOf = (i: number) => `contact${Math.floor(i / 10) + 1}`;
const localCode = (i: number) => `SC-${String(i + 1).padStart(5, '0')}`;
const code = localCode;

/** A small deterministic generator, so runs compare like with like. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface CountyShape {
  projects: number;
  /** Projects that report every month (all but 前期). */
  reporting: number;
}

/**
 * `planRevision`: the same county with every annual plan revised (a mid-year re-import).
 * `people`: a prefix for every userid, so the counties of a city (bench:summary --city) each have
 * their own people (a userid belongs to one county).
 */
export async function countyWorkbook(
  projects: number,
  opts: { planRevision?: number; people?: string } = {},
): Promise<{ buffer: Buffer; shape: CountyShape }> {
  const rand = rng(projects);
  const id = (userId: string) => `${opts.people ?? ''}${userId}`;
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, header: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
  };
  let reporting = 0;
  const rows = Array.from({ length: projects }, (_, i) => {
    const status = STATUSES[i % STATUSES.length]!;
    if (status !== '前期') reporting += 1;
    const sector = SECTORS[i % SECTORS.length]!;
    const annual = 200 + Math.floor(rand() * 20_000) + 100 * (opts.planRevision ?? 0);
    const big = i % 50 === 0;
    return [
      code(i),
      `${sector}重点项目第${i + 1}号`,
      `项目${i + 1}`,
      sector,
      i % 7 === 0 ? '五网' : i % 11 === 0 ? '三企入桂' : '',
      i % 9 === 0 ? '自治区层面' : i % 4 === 0 ? '市级层面' : '县级层面',
      status,
      big ? 120_000 + annual : annual * 4,
      annual,
      '2021-03',
      '2024-12-31',
      `业主${i + 1}`,
      UNITS[i % UNITS.length],
      id(LEADERS[i % LEADERS.length]!),
      id(COMMANDERS[i % COMMANDERS.length]!),
      id(contactOf(i)),
      '财政资金与企业自筹',
      '已落实',
      '完成年度投资计划',
      i % 5 === 0 ? '用地报批:2024-02-28;环评批复:2024-03-15' : '',
    ];
  });
  // The design's 20 columns, in the order the import defines them (the optional ones follow).
  sheet('项目库', Object.keys(projectSheet.columns).slice(0, 20), rows);
  sheet(
    '单位',
    ['单位名称', '简称', '负责人'],
    UNITS.map((u, i) => [u, `第${i + 1}局`, id(`head${i + 1}`)]),
  );
  const contacts = Math.ceil(projects / 10);
  const people: unknown[][] = [
    [id('office1'), '重大办甲', '县重大项目建设办公室', '重大办、管理员', '13800000000'],
    ...LEADERS.map((l, i) => [id(l), `县领导${i + 1}`, '县人民政府', '县领导', '']),
    ...COMMANDERS.map((c, i) => [id(c), `指挥长${i + 1}`, UNITS[i % UNITS.length], '指挥长', '']),
    ...UNITS.map((u, i) => [id(`head${i + 1}`), `负责人${i + 1}`, u, '单位负责人', '']),
    ...Array.from({ length: contacts }, (_, i) => [
      id(`contact${i + 1}`),
      `联系人${i + 1}`,
      UNITS[i % UNITS.length],
      '项目联系人',
      '',
    ]),
  ];
  sheet('人员', ['账号', '姓名', '单位', '角色', '手机'], people);
  sheet(
    '群聊',
    ['群名称', '群ID', 'Webhook', '推送内容', '关联项目'],
    [
      ['县重大项目调度群', '', 'bench-key-1', '日报、周报、月报、通报、提醒', '全部'],
      ['县领导调度群', '', 'bench-key-2', '周报、月报、通报', '全部'],
    ],
  );
  sheet(
    '投资目标',
    ['领域', '起始年度', '截止年度', '目标(万元)'],
    ['全部', ...SECTORS].flatMap((d) => [
      [d, 2021, 2023, projects * 30_000],
      [d, 2023, 2023, projects * 10_000],
    ]),
  );
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), shape: { projects, reporting } };
}

const monthOf = (k: number) => {
  const y = FIRST_YEAR + Math.floor(k / 12);
  return { year: y, month: `${y}-${String((k % 12) + 1).padStart(2, '0')}` };
};

/**
 * 36 months of current reports for every reporting project (each month reported in the first ten
 * days of the next), and `problems` problems, 40% still open. Raw driver inserts in batches: this
 * is fixture loading, not the path being measured. `city`: one county of a city — its stored
 * project codes (src/domain/county.ts projectRef), its county, and its first problem number.
 */
export async function seedHistory(
  projects: number,
  problems: number,
  progress: (line: string) => void,
  city?: { ref: (code: string) => string; county: string; firstNo: number },
): Promise<{ reports: number; problems: number }> {
  const rand = rng(projects + 1);
  const code = (i: number) => (city ? city.ref(localCode(i)) : localCode(i));
  const firstNo = city?.firstNo ?? 1;
  const load = createBulkLoader();
  let batch: Record<string, unknown>[] = [];
  let written = 0;
  const flush = async () => {
    await load.reports(batch);
    written += batch.length;
    batch = [];
  };
  for (let i = 0; i < projects; i++) {
    if (STATUSES[i % STATUSES.length] === '前期') continue;
    let ytd = 0;
    for (let k = 0; k < MONTHS; k++) {
      const { year, month } = monthOf(k);
      if (k % 12 === 0) ytd = 0;
      const monthAmount = Math.floor(rand() * 2_000) * 10_000;
      ytd += monthAmount;
      const next = monthOf(k + 1);
      const reportedAt = new Date(
        `${next.month}-${String(1 + ((i + k) % 10)).padStart(2, '0')}T10:00:00+08:00`,
      );
      batch.push({
        projectCode: code(i),
        month,
        year,
        monthAmount,
        ytdAmount: ytd,
        ytdGiven: true,
        progressText: `完成${Math.min(100, k * 3)}%`,
        progressPct: Math.min(100, k * 3),
        evidence: [],
        reporterId: contactOf(i),
        reportedAt,
        sourceMsgId: `seed-${i}-${k}`,
        createdAt: reportedAt,
        updatedAt: reportedAt,
      });
      if (batch.length >= 5_000) {
        await flush();
        if (written % 50_000 === 0) progress(`${written} reports…`);
      }
    }
  }
  await flush();

  const docs: Record<string, unknown>[] = [];
  for (let n = firstNo; n < firstNo + problems; n++) {
    const i = Math.floor(rand() * projects);
    const createdAt = new Date(Date.UTC(2021, 0, 1) + rand() * 3 * 365 * 86_400_000);
    const open = n % 5 < 2;
    const deadline = new Date(createdAt.getTime() + (5 + rand() * 40) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    docs.push({
      no: n,
      kind: 'problem',
      projectCode: code(i),
      category: PROBLEM_CATEGORIES[n % PROBLEM_CATEGORIES.length],
      description: `第${n}个问题：需协调解决`,
      tier: 1 + (n % 4),
      unitName: UNITS[n % UNITS.length],
      deadline,
      status: open ? 'open' : 'resolved',
      raisedBy: contactOf(i),
      ...(open
        ? {}
        : { resolvedAt: new Date(createdAt.getTime() + 10 * 86_400_000), resolutionNote: '已办结' }),
      history: [{ at: createdAt, by: contactOf(i), action: 'raise', to: UNITS[n % UNITS.length] }],
      ...(city ? { county: city.county } : {}),
      createdAt,
      updatedAt: createdAt,
    });
  }
  await load.problems(docs, firstNo + problems - 1);
  return { reports: written, problems: docs.length };
}
