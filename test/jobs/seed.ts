/**
 * A small county for the job tests: five projects in three sectors (one of 10亿元 and more, two
 * 三企入桂), people, units, three-year targets, reports over two years (one superseded), status
 * events and problems (one overdue long enough to escalate). The arrays are exported so tests can
 * compute expected figures from them without going through the code under test.
 */
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { StatusEventModel } from '../../models/status-event.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Data, NewProblem } from '../../src/data/index.ts';
import type { ContentEnv } from '../../src/jobs/env.ts';

export const TODAY = '2021-08-16';

export const PROJECTS = [
  {
    code: 'XC-001',
    name: '贺巴高速公路(忻城段)',
    shortName: '贺巴高速',
    sector: '交通',
    specialCategories: ['五网'],
    level: '自治区层面',
    status: '续建',
    totalInvestment: 3_200_000_000,
    annualPlan: 600_000_000,
    plannedStart: '2020-12',
    plannedEnd: '2024-06-30',
    leadUnit: '县交通运输局',
    leaderIds: ['liqiang'],
    commanderIds: ['chenming'],
    contactIds: ['zhangwei'],
    approvals: [
      { name: '用地报批', deadline: '2021-08-18' },
      { name: '环评批复', deadline: '2021-08-30' },
    ],
  },
  {
    code: 'XC-002',
    name: '广西来宾市忻城县福六水库工程',
    shortName: '福六水库',
    sector: '水利',
    specialCategories: ['五网'],
    level: '市级层面',
    status: '新开工',
    totalInvestment: 800_000_000,
    annualPlan: 100_000_000,
    plannedStart: '2021-05',
    leadUnit: '县水利局',
    leaderIds: ['liqiang'],
    contactIds: ['liuyang'],
  },
  {
    code: 'XC-003',
    name: '三江口(忻城)茧丝绸产业园',
    shortName: '茧丝绸产业园',
    sector: '工业',
    specialCategories: ['三企入桂'],
    level: '县级层面',
    status: '续建',
    totalInvestment: 500_000_000,
    annualPlan: 200_000_000,
    leadUnit: '县经贸局',
    leaderIds: ['huangli'],
    commanderIds: ['chenming'],
    contactIds: ['wangfang'],
    agreedInvestment: 600_000_000,
    fundsInPlace: 150_000_000,
  },
  {
    code: 'XC-004',
    name: '金泰医疗健康智能制造生态园',
    shortName: '金泰医疗',
    sector: '工业',
    specialCategories: ['三企入桂'],
    level: '县级层面',
    status: '新开工',
    totalInvestment: 300_000_000,
    annualPlan: 50_000_000,
    plannedStart: '2021-08-10',
    leadUnit: '县经贸局',
    leaderIds: ['huangli'],
    contactIds: ['zhaolei'],
  },
  {
    code: 'XC-005',
    name: '板寻水库除险加固',
    sector: '水利',
    level: '县级层面',
    status: '前期',
    totalInvestment: 60_000_000,
    annualPlan: 0,
    leadUnit: '县水利局',
    contactIds: ['liuyang'],
  },
];

export const PEOPLE = [
  { userId: 'zhangwei', name: '张伟', unitName: '县交通运输局', roles: ['项目联系人'] },
  { userId: 'liuyang', name: '刘洋', unitName: '县水利局', roles: ['项目联系人'] },
  { userId: 'wangfang', name: '王芳', unitName: '县经贸局', roles: ['项目联系人'] },
  { userId: 'zhaolei', name: '赵磊', unitName: '县经贸局', roles: ['项目联系人'] },
  { userId: 'liqiang', name: '李强', roles: ['县领导'] },
  { userId: 'huangli', name: '黄丽', roles: ['县领导'] },
  { userId: 'chenming', name: '陈明', roles: ['指挥长'] },
  { userId: 'office1', name: '韦重办', unitName: '县重大项目建设办公室', roles: ['重大办'] },
  { userId: 'zrhead', name: '蒙局长', unitName: '县自然资源局', roles: ['单位负责人'] },
];

export const UNITS = [
  { name: '县自然资源局', headId: 'zrhead' },
  { name: '县交通运输局', headId: 'jthead' },
  { name: '县财政局', headId: 'czhead' },
];

export const TARGETS = [
  { domain: '全部', fromYear: 2021, toYear: 2023, target: 14_000_000_000 },
  { domain: '交通', fromYear: 2021, toYear: 2023, target: 4_500_000_000 },
  { domain: '工业', fromYear: 2021, toYear: 2023, target: 3_500_000_000 },
  { domain: '五网', fromYear: 2021, toYear: 2023, target: 4_000_000_000 },
];

const at = (local: string) => new Date(`${local}+08:00`);

interface SeedReport {
  projectCode: string;
  month: string;
  monthAmount: number;
  ytdAmount: number;
  sinceStartAmount?: number;
  progressText?: string;
  reporterId: string;
  reportedAt: Date;
  state?: 'current' | 'superseded' | 'withdrawn';
}

export const REPORTS: SeedReport[] = [
  {
    projectCode: 'XC-001',
    month: '2021-06',
    monthAmount: 50_000_000,
    ytdAmount: 250_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2021-07-05T10:00:00'),
    progressText: '路基完成40%',
  },
  // Replaced by the next one: must count nowhere.
  {
    projectCode: 'XC-001',
    month: '2021-07',
    monthAmount: 99_000_000,
    ytdAmount: 999_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2021-08-03T09:00:00'),
    state: 'superseded',
  },
  {
    projectCode: 'XC-001',
    month: '2021-07',
    monthAmount: 60_000_000,
    ytdAmount: 310_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2021-08-03T11:00:00'),
    progressText: '路基完成50%',
  },
  {
    projectCode: 'XC-001',
    month: '2021-08',
    monthAmount: 12_000_000,
    ytdAmount: 322_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2021-08-16T10:32:00'),
    progressText: '路基完成60%',
  },
  {
    projectCode: 'XC-001',
    month: '2022-01',
    monthAmount: 30_000_000,
    ytdAmount: 30_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2022-02-03T10:00:00'),
  },
  {
    projectCode: 'XC-001',
    month: '2022-02',
    monthAmount: 40_000_000,
    ytdAmount: 70_000_000,
    reporterId: 'zhangwei',
    reportedAt: at('2022-03-03T10:00:00'),
  },
  {
    projectCode: 'XC-002',
    month: '2021-07',
    monthAmount: 5_000_000,
    ytdAmount: 5_000_000,
    reporterId: 'liuyang',
    reportedAt: at('2021-08-02T15:00:00'),
    progressText: '施工便道',
  },
  {
    projectCode: 'XC-003',
    month: '2021-07',
    monthAmount: 20_000_000,
    ytdAmount: 80_000_000,
    sinceStartAmount: 150_000_000,
    reporterId: 'wangfang',
    reportedAt: at('2021-08-05T16:00:00'),
    progressText: '厂房主体封顶',
  },
  {
    projectCode: 'XC-003',
    month: '2021-12',
    monthAmount: 30_000_000,
    ytdAmount: 180_000_000,
    reporterId: 'wangfang',
    reportedAt: at('2022-01-04T16:00:00'),
  },
  {
    projectCode: 'XC-003',
    month: '2022-02',
    monthAmount: 25_000_000,
    ytdAmount: 40_000_000,
    reporterId: 'wangfang',
    reportedAt: at('2022-03-02T16:00:00'),
  },
  // Reported the day before TODAY (a Sunday): in that day's summary, not TODAY's.
  {
    projectCode: 'XC-004',
    month: '2021-08',
    monthAmount: 1_000_000,
    ytdAmount: 1_000_000,
    reporterId: 'zhaolei',
    reportedAt: at('2021-08-15T20:00:00'),
  },
];

export interface SeededProblems {
  /** P1, tier 1, deadline 2021-08-10: 4 working days overdue on TODAY → escalates. */
  overdue: number;
  /** P3, tier 3, open: on the 协调会 agenda. */
  tier3: number;
  /** P2, raised TODAY, deadline in two days. */
  raisedToday: number;
  /** P1, resolved TODAY. */
  resolvedToday: number;
  /** P4, deadline 2021-08-13: one working day overdue → not escalated yet. */
  recentlyOverdue: number;
}

async function problem(
  data: Data,
  input: NewProblem,
  createdAt: Date,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const p = await data.problems.create(input, createdAt);
  await ProblemModel.collection.updateOne({ no: p.no }, { $set: { createdAt, ...extra } });
  return p.no;
}

export async function seedCounty(data: Data): Promise<SeededProblems> {
  await ProjectModel.insertMany(PROJECTS);
  await PersonModel.insertMany(PEOPLE);
  await UnitModel.insertMany(UNITS);
  await data.library.changed();
  await InvestmentTargetModel.insertMany(TARGETS);
  await ProgressReportModel.insertMany(
    REPORTS.map((r) => ({
      ...r,
      year: Number(r.month.slice(0, 4)),
      ytdGiven: true,
      state: r.state,
    })),
  );
  const events = [
    {
      projectCode: 'XC-004',
      kind: '开工',
      date: '2021-08-16',
      reporterId: 'zhaolei',
      createdAt: at('2021-08-16T09:00:00'),
    },
    {
      projectCode: 'XC-002',
      kind: '开工',
      date: '2021-08-20',
      reporterId: 'liuyang',
      createdAt: at('2021-08-20T09:00:00'),
    },
  ];
  for (const e of events) {
    const doc = await StatusEventModel.create(e);
    await StatusEventModel.collection.updateOne({ _id: doc._id }, { $set: { createdAt: e.createdAt } });
  }
  const base = { kind: 'problem' as const, raisedBy: 'zhangwei', status: 'open' as const };
  const overdue = await problem(
    data,
    {
      ...base,
      projectCode: 'XC-001',
      category: '征地拆迁',
      description: '那湾村3户未签约',
      tier: 1,
      unitName: '县自然资源局',
      deadline: '2021-08-10',
    },
    at('2021-08-02T10:00:00'),
  );
  const tier3 = await problem(
    data,
    {
      ...base,
      projectCode: 'XC-003',
      category: '资金',
      description: '配套资金缺口2000万元',
      tier: 3,
      unitName: '县财政局',
      deadline: '2021-09-30',
      raisedBy: 'wangfang',
    },
    at('2021-07-01T10:00:00'),
  );
  const raisedToday = await problem(
    data,
    {
      ...base,
      projectCode: 'XC-002',
      category: '用地',
      description: '库区用地预审待批',
      tier: 1,
      unitName: '县自然资源局',
      deadline: '2021-08-18',
      raisedBy: 'liuyang',
    },
    at('2021-08-16T11:00:00'),
  );
  const resolvedToday = await problem(
    data,
    {
      ...base,
      projectCode: 'XC-001',
      category: '审批',
      description: '施工许可待办',
      tier: 1,
      unitName: '县交通运输局',
      deadline: '2021-08-20',
    },
    at('2021-08-01T10:00:00'),
    { status: 'resolved', resolvedAt: at('2021-08-16T15:00:00'), resolutionNote: '已办结' },
  );
  const recentlyOverdue = await problem(
    data,
    {
      ...base,
      projectCode: 'XC-004',
      category: '其他',
      description: '施工用电接入',
      tier: 1,
      unitName: '县财政局',
      deadline: '2021-08-13',
      raisedBy: 'zhaolei',
    },
    at('2021-08-13T10:00:00'),
  );
  return { overdue, tier3, raisedToday, resolvedToday, recentlyOverdue };
}

export function contentEnv(config: Config, data: Data, now = `${TODAY}T09:30:00+08:00`): ContentEnv {
  return {
    config,
    data,
    calendar: createWorkCalendar([], { warn: () => {} }),
    clock: new FixedClock(now),
  };
}
