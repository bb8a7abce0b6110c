/** 项目库: one row per project, keyed by 项目编号. */
import { type ApprovalItem, mergeWorkbookApprovals } from '../domain/approvals.ts';
import { LEVELS, PROJECT_STATUSES, SECTORS, SPECIAL_CATEGORIES } from '../domain/vocabulary.ts';
import {
  approvals,
  CellError,
  day,
  list,
  oneOf,
  requiredText,
  requiredWanToYuan,
  someOf,
  text,
  userIds,
  wanToYuan,
} from './cells.ts';
import { defineSheet, type Fields } from './sheet-spec.ts';

/** No ':' — it separates a county from its 项目编号 in stored codes (src/domain/county.ts). */
const CODE_RE = /^[\p{L}\p{N}][\p{L}\p{N}_.\-/()（）]{0,39}$/u;

/** Shorter forms of 统筹层级 seen in county spreadsheets. */
const LEVEL_ALIASES = {
  自治区级: '自治区层面',
  区级: '自治区层面',
  市级: '市级层面',
  县级: '县级层面',
} as const;

/** The 备注 text that marks invented demo figures. */
export const SAMPLE_MARK = '示例数据';

export const projectSheet = defineSheet({
  sheet: '项目库',
  entity: 'Project',
  keyColumn: '项目编号',
  required: [
    '项目编号',
    '项目名称',
    '行业领域',
    '统筹层级',
    '项目状态',
    '总投资(万元)',
    '年度计划投资(万元)',
  ],
  columns: {
    项目编号: (v) => {
      const code = requiredText(v, '项目编号');
      if (!CODE_RE.test(code))
        throw new CellError(`项目编号「${code}」只能含字母、数字和 - _ . / ()，不能有空格`);
      return code;
    },
    项目名称: (v) => requiredText(v, '项目名称'),
    简称: (v) => text(v),
    行业领域: (v) => oneOf(v, '行业领域', SECTORS),
    专项类别: (v) => someOf(v, '专项类别', SPECIAL_CATEGORIES),
    统筹层级: (v) => oneOf(v, '统筹层级', LEVELS, LEVEL_ALIASES),
    项目状态: (v) => oneOf(v, '项目状态', PROJECT_STATUSES),
    '总投资(万元)': (v) => requiredWanToYuan(v, '总投资'),
    '年度计划投资(万元)': (v) => wanToYuan(v, '年度计划投资') ?? 0,
    计划开工: (v) => day(v, '计划开工', { monthOk: true }),
    计划竣工: (v) => day(v, '计划竣工', { monthOk: true }),
    项目业主: (v) => text(v),
    牵头单位: (v) => text(v),
    联系县领导: (v) => userIds(v, '联系县领导'),
    指挥长: (v) => userIds(v, '指挥长'),
    项目联系人: (v) => userIds(v, '项目联系人'),
    资金筹措方案: (v) => text(v),
    耕地占补平衡方案: (v) => text(v),
    年度进度目标: (v) => text(v),
    审批事项: (v) => approvals(v, '审批事项'),
    // Optional columns beyond the design's list.
    别名: (v) => list(v),
    '协议投资(万元)': (v) => wanToYuan(v, '协议投资'),
    '资金到位(万元)': (v) => wanToYuan(v, '资金到位'),
    备注: (v) => text(v),
  },
  toFields: (r) => ({
    code: r.项目编号,
    name: r.项目名称,
    shortName: r.简称,
    sector: r.行业领域,
    specialCategories: r.专项类别,
    level: r.统筹层级,
    status: r.项目状态,
    totalInvestment: r['总投资(万元)'],
    annualPlan: r['年度计划投资(万元)'],
    plannedStart: r.计划开工,
    plannedEnd: r.计划竣工,
    owner: r.项目业主,
    leadUnit: r.牵头单位,
    leaderIds: r.联系县领导,
    commanderIds: r.指挥长,
    contactIds: r.项目联系人,
    fundingPlan: r.资金筹措方案,
    farmlandPlan: r.耕地占补平衡方案,
    annualTarget: r.年度进度目标,
    approvals: r.审批事项,
    aliases: r.别名,
    agreedInvestment: r['协议投资(万元)'],
    fundsInPlace: r['资金到位(万元)'],
    sampleData: r.备注 === undefined ? undefined : (r.备注 ?? '').includes(SAMPLE_MARK),
  }),
  keyOf: (f) => String(f.code),
  filter: (f) => ({ code: f.code }),
  inCounty: (f, ref) => ({ ...f, code: ref(String(f.code)) }),
  personRefs: (f) => ({
    联系县领导: (f.leaderIds as string[] | undefined) ?? [],
    指挥长: (f.commanderIds as string[] | undefined) ?? [],
    项目联系人: (f.contactIds as string[] | undefined) ?? [],
  }),
  merge: (existing, fields): Fields => {
    // What chat did to the items (moved deadlines, 批复, items added) survives the import; the rule
    // is src/domain/approvals.ts mergeWorkbookApprovals.
    const incoming = fields.approvals as Array<{ name: string; deadline: string }> | undefined;
    if (!incoming) return fields;
    const stored = (existing?.approvals ?? []) as ApprovalItem[];
    return { ...fields, approvals: mergeWorkbookApprovals(stored, incoming) };
  },
});
