/**
 * Monthly progress reports (月调度). Every stored figure keeps who reported it, when, from which
 * message and what it replaced (数出有据): a second report for the same project and month is a new
 * document and the first becomes `superseded`. FerretDB has no transactions, so the steps are ordered
 * to leave a recoverable state if one fails: the old report is retired first and restored if the
 * insert fails.
 */
import type { Types } from 'mongoose';
import { writeAudit } from '../../models/audit-log.model.ts';
import { type ProgressReport, ProgressReportModel } from '../../models/progress-report.model.ts';
import type { Logger } from '../logger.ts';

export type ReportDoc = ProgressReport & { _id: Types.ObjectId };

export interface ReportInput {
  projectCode: string;
  /** YYYY-MM. */
  month: string;
  /** 元. */
  monthAmount: number;
  /** 本年累计 as stated; computed when absent. */
  ytdAmount?: number | null;
  /** 开工累计 / 自开工以来, only when the message said so. */
  sinceStartAmount?: number | null;
  progressText?: string | null;
  progressPct?: number | null;
  reporterId: string;
  sourceMsgId?: string;
  at: Date;
}

export interface ReportOutcome {
  report: ReportDoc;
  /** The report for the same month that this one replaced. */
  replaced: ReportDoc | null;
}

export interface ReportService {
  submit(input: ReportInput): Promise<ReportOutcome>;
  /** The current report of each month of `year` for a project, oldest month first. */
  currentOfYear(projectCode: string, year: number): Promise<ReportDoc[]>;
  /** The newest current report of a project in `year` (by month), or null. */
  latestOfYear(projectCode: string, year: number): Promise<ReportDoc | null>;
  /** The sender's newest current report since `since` (for evidence photos and 撤销). */
  lastBy(reporterId: string, since?: Date): Promise<ReportDoc | null>;
  /** Every report of a project in any state, newest month first, then newest first. */
  history(projectCode: string): Promise<ReportDoc[]>;
  /** Brings later months' computed 本年累计 in line after `month` changed (a correction, a withdrawal). */
  recomputeLater(
    projectCode: string,
    month: string,
    actor: string,
    sourceMsgId: string | undefined,
    at: Date,
  ): Promise<void>;
}

/** The figures of a report that an audit entry compares. */
export function reportFigures(r: ReportDoc | null) {
  if (!r) return null;
  return {
    id: String(r._id),
    month: r.month,
    monthAmount: r.monthAmount,
    ytdAmount: r.ytdAmount,
    ytdGiven: r.ytdGiven,
    sinceStartAmount: r.sinceStartAmount ?? null,
    progressText: r.progressText ?? '',
    progressPct: r.progressPct ?? null,
    reporterId: r.reporterId,
    state: r.state,
  };
}

export function createReportService(deps: { log?: Logger } = {}): ReportService {
  async function currentOfYear(projectCode: string, year: number): Promise<ReportDoc[]> {
    const docs = await ProgressReportModel.find({ projectCode, year, state: 'current' }).lean<ReportDoc[]>();
    return docs.sort((a, b) => a.month.localeCompare(b.month));
  }

  /**
   * design.md: with no 累计 in the message, the year-to-date is the sum of the months reported this
   * year — the current report of each month up to this one, this report included.
   */
  async function computedYtd(input: ReportInput, year: number): Promise<number> {
    const others = await currentOfYear(input.projectCode, year);
    return others
      .filter((r) => r.month < input.month)
      .reduce((sum, r) => sum + r.monthAmount, input.monthAmount);
  }

  async function submit(input: ReportInput): Promise<ReportOutcome> {
    const year = Number(input.month.slice(0, 4));
    const ytdGiven = input.ytdAmount != null;
    const ytdAmount = ytdGiven ? input.ytdAmount! : await computedYtd(input, year);

    const old = await ProgressReportModel.findOne({
      projectCode: input.projectCode,
      month: input.month,
      state: 'current',
    }).lean<ReportDoc>();
    if (old) await ProgressReportModel.updateOne({ _id: old._id }, { $set: { state: 'superseded' } });

    let created: ReportDoc;
    try {
      const doc = await ProgressReportModel.create({
        projectCode: input.projectCode,
        month: input.month,
        year,
        monthAmount: input.monthAmount,
        ytdAmount,
        ytdGiven,
        ...(input.sinceStartAmount != null ? { sinceStartAmount: input.sinceStartAmount } : {}),
        progressText: input.progressText ?? '',
        ...(input.progressPct != null ? { progressPct: input.progressPct } : {}),
        sourceMsgId: input.sourceMsgId,
        reporterId: input.reporterId,
        reportedAt: input.at,
        ...(old ? { supersedes: old._id } : {}),
        state: 'current',
      });
      created = doc.toObject() as ReportDoc;
    } catch (err) {
      if (old) await ProgressReportModel.updateOne({ _id: old._id }, { $set: { state: 'current' } });
      throw err;
    }

    await writeAudit([
      {
        entity: 'ProgressReport',
        entityId: `${input.projectCode}:${input.month}`,
        action: old ? 'supersede' : 'create',
        fields: ['monthAmount', 'ytdAmount', 'sinceStartAmount', 'progressText'],
        before: reportFigures(old),
        after: reportFigures(created),
        actor: input.reporterId,
        sourceMsgId: input.sourceMsgId,
        via: 'chat',
        at: input.at,
      },
    ]).catch((err) => deps.log?.error({ err }, 'audit entry for a report not written'));
    await settleDuplicates(input.projectCode, input.month);
    await recomputeLater(input.projectCode, input.month, input.reporterId, input.sourceMsgId, input.at);
    return { report: created, replaced: old };
  }

  /**
   * Two reports for the same month arriving at once both find no current one (no transactions on
   * FerretDB): the newest stays current and the other becomes superseded, so there is one figure.
   */
  async function settleDuplicates(projectCode: string, month: string): Promise<void> {
    const current = await ProgressReportModel.find({ projectCode, month, state: 'current' }).lean<
      ReportDoc[]
    >();
    if (current.length < 2) return;
    current.sort((a, b) => String(a._id).localeCompare(String(b._id)));
    const older = current.slice(0, -1).map((r) => r._id);
    await ProgressReportModel.updateMany({ _id: { $in: older } }, { $set: { state: 'superseded' } });
  }

  /**
   * A later month's computed 本年累计 includes this month, so it follows a correction or withdrawal;
   * figures the reporter stated are left as stated.
   */
  async function recomputeLater(
    projectCode: string,
    month: string,
    actor: string,
    sourceMsgId: string | undefined,
    at: Date,
  ): Promise<void> {
    const year = Number(month.slice(0, 4));
    const all = await currentOfYear(projectCode, year);
    let sum = 0;
    const changes = [];
    for (const r of all) {
      sum += r.monthAmount;
      if (r.month > month && !r.ytdGiven && r.ytdAmount !== sum) {
        await ProgressReportModel.updateOne({ _id: r._id }, { $set: { ytdAmount: sum } });
        changes.push({
          entity: 'ProgressReport',
          entityId: `${projectCode}:${r.month}`,
          action: 'recompute',
          fields: ['ytdAmount'],
          before: { id: String(r._id), ytdAmount: r.ytdAmount },
          after: { id: String(r._id), ytdAmount: sum },
          actor,
          sourceMsgId,
          via: 'chat' as const,
          at,
        });
      }
    }
    await writeAudit(changes);
  }

  return {
    submit,
    currentOfYear,
    recomputeLater,
    async latestOfYear(projectCode, year) {
      const all = await currentOfYear(projectCode, year);
      return all.at(-1) ?? null;
    },
    async lastBy(reporterId, since) {
      const filter: Record<string, unknown> = { reporterId, state: 'current' };
      if (since) filter.reportedAt = { $gte: since };
      return ProgressReportModel.findOne(filter).sort({ reportedAt: -1 }).lean<ReportDoc>();
    },
    async history(projectCode) {
      const docs = await ProgressReportModel.find({ projectCode }).lean<ReportDoc[]>();
      return docs.sort(
        (a, b) => b.month.localeCompare(a.month) || b.reportedAt.getTime() - a.reportedAt.getTime(),
      );
    },
  };
}
