/**
 * The county's fixed vocabularies (design.md, "Import workbook"). Shared by the schemas, the import's
 * validation and the chat parsers, so a value the import accepts is always one the schema accepts.
 */

export const SECTORS = [
  '工业',
  '交通',
  '能源',
  '水利',
  '新型基础设施',
  '新型城镇化',
  '农业农村',
  '现代服务业',
  '生态环保',
  '社会民生',
] as const;
export type Sector = (typeof SECTORS)[number];

/** 专项类别: cross-cutting programmes; a project may belong to several, overlapping its sector. */
export const SPECIAL_CATEGORIES = ['五网', '双百双新', '三企入桂', '千企技改'] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

/** 统筹层级: which government level tracks the project. */
export const LEVELS = ['自治区层面', '市级层面', '县级层面'] as const;
export type Level = (typeof LEVELS)[number];

export const PROJECT_STATUSES = ['前期', '新开工', '续建', '竣工', '投产'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** 市重大办 and 市领导 act in every county of the deployment; every other role in its own county. */
export const ROLES = [
  '项目联系人',
  '指挥长',
  '县领导',
  '单位负责人',
  '重大办',
  '管理员',
  '市重大办',
  '市领导',
] as const;
export type Role = (typeof ROLES)[number];

/** An investment target's 领域: a sector, a 专项类别, or the whole county. */
export const TARGET_DOMAINS = ['全部', ...SECTORS, ...SPECIAL_CATEGORIES] as const;
export type TargetDomain = (typeof TARGET_DOMAINS)[number];

export const PROBLEM_CATEGORIES = [
  '审批',
  '用地',
  '征地拆迁',
  '资金',
  '要素保障',
  '建设环境',
  '其他',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

/**
 * Problem tiers, from the plan's 二(三)2: who coordinates a problem at each level.
 * 1 项目业主与联系单位 · 2 联系县领导 · 3 县重大项目协调领导小组 · 4 市重大项目协调会.
 */
export const PROBLEM_TIERS = [1, 2, 3, 4] as const;
export const TIER_NAMES: Record<number, string> = {
  1: '项目业主与联系单位',
  2: '联系县领导',
  3: '县重大项目协调领导小组',
  4: '市重大项目协调会',
};

export const STATUS_EVENT_KINDS = ['开工', '竣工', '投产'] as const;
export type StatusEventKind = (typeof STATUS_EVENT_KINDS)[number];

/** YYYY-MM-DD, the form every calendar date is stored in (in BOT_TIMEZONE). */
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** YYYY-MM-DD or YYYY-MM: planned dates are often known only to the month. */
export const DAY_OR_MONTH_RE = /^\d{4}-\d{2}(-\d{2})?$/;
export const MONTH_RE = /^\d{4}-\d{2}$/;

/** What a group receives from the scheduler (the workbook's 推送内容). */
export const SUBSCRIPTIONS = ['日报', '周报', '月报', '通报', '提醒'] as const;
export type Subscription = (typeof SUBSCRIPTIONS)[number];

/** Problems and 督办事项 (tasks) share one number sequence, so "#12" is unique whichever it is. */
export const PROBLEM_KINDS = ['problem', 'task'] as const;
export const PROBLEM_STATES = ['open', 'resolved', 'withdrawn'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const AUDIT_VIA = ['chat', 'import', 'job'] as const;
export type AuditVia = (typeof AUDIT_VIA)[number];
