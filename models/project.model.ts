import mongoose, { type InferSchemaType, Schema } from 'mongoose';
import {
  DAY_OR_MONTH_RE,
  DAY_RE,
  LEVELS,
  PROJECT_STATUSES,
  SECTORS,
  SPECIAL_CATEGORIES,
} from '../src/domain/vocabulary.ts';

/** 重要审批环节: one of the 五明确, reminded before its deadline until done. */
const approvalSchema = new Schema(
  {
    name: { type: String, required: true },
    deadline: { type: String, required: true, match: DAY_RE },
    /** Set by 批复 in chat when the approval is obtained; no import clears it. */
    doneAt: { type: String, match: DAY_RE },
    /**
     * The deadline the workbook gave at the last import; absent for an item added by 审批 in chat.
     * An import changes the deadline only when the workbook's differs from this (src/domain/approvals.ts).
     */
    importedDeadline: { type: String, match: DAY_RE },
  },
  { _id: false },
);

/**
 * A project of the library (the workbook's 项目库). Amounts are integer 元; the workbook's 万元 are
 * converted on import. Status dates (actual*) are set by status events from chat, never by the import.
 */
const projectSchema = new Schema(
  {
    /**
     * 项目编号: the import's key and the stable reference everywhere else; outside the home county
     * prefixed with the county ("兴宾区:XB-001", src/domain/county.ts) so it is unique across counties.
     */
    code: { type: String, required: true, unique: true, trim: true },
    /** 县区 (src/domain/county.ts): absent = the deployment's home county; 全市 = the city. */
    county: { type: String, trim: true },
    name: { type: String, required: true, trim: true },
    shortName: { type: String, trim: true },
    /** Other names people use in chat (the workbook's optional 别名 column). */
    aliases: { type: [String], default: [] },
    sector: { type: String, required: true, enum: SECTORS },
    specialCategories: { type: [String], enum: SPECIAL_CATEGORIES, default: [] },
    level: { type: String, required: true, enum: LEVELS },
    status: { type: String, required: true, enum: PROJECT_STATUSES },
    totalInvestment: { type: Number, required: true, min: 0 },
    /** 年度计划投资 of the current year: the base of "share of the annual plan". */
    annualPlan: { type: Number, required: true, min: 0, default: 0 },
    plannedStart: { type: String, match: DAY_OR_MONTH_RE },
    plannedEnd: { type: String, match: DAY_OR_MONTH_RE },
    owner: { type: String, trim: true },
    leadUnit: { type: String, trim: true },
    /** 联系县领导, 指挥长, 项目联系人: WeCom userids. */
    leaderIds: { type: [String], default: [] },
    commanderIds: { type: [String], default: [] },
    contactIds: { type: [String], default: [] },
    // 五明确 (the plan's 三(一)2); the fifth, 年度投资计划, is annualPlan.
    fundingPlan: { type: String },
    farmlandPlan: { type: String },
    annualTarget: { type: String },
    approvals: { type: [approvalSchema], default: [] },
    actualStart: { type: String, match: DAY_RE },
    actualEnd: { type: String, match: DAY_RE },
    operationAt: { type: String, match: DAY_RE },
    /** 三企入桂 四率: 协议投资 and 资金到位 (元), from optional workbook columns. */
    agreedInvestment: { type: Number, min: 0 },
    fundsInPlace: { type: Number, min: 0 },
    /** True for the demo county's invented figures (备注 = 示例数据), so reports can say so. */
    sampleData: { type: Boolean, default: false },
  },
  { timestamps: true },
);

projectSchema.index({ sector: 1 });
projectSchema.index({ contactIds: 1 });

export type Project = InferSchemaType<typeof projectSchema>;
export type Approval = InferSchemaType<typeof approvalSchema>;
export const ProjectModel = mongoose.model('Project', projectSchema);
