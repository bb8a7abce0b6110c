/**
 * Monthly progress reports (月调度). Every stored figure keeps who reported it, when, from which
 * message and what it replaced (数出有据): a second report for the same project and month is a new
 * document and the first becomes `superseded`. FerretDB has no transactions, so the steps are ordered
 * to leave a recoverable state if one fails: the old report is retired first and restored if the
 * insert fails. The current report of each month is read from the project's figures document (one
 * `_id` lookup; src/services/project-figures.ts), written after the reports.
 */
import type { Types } from 'mongoose';
import { writeAudit } from '../../models/audit-log.model.ts';
import { CounterClaimModel } from '../../models/counter.model.ts';
import { type ProgressReport, ProgressReportModel } from '../../models/progress-report.model.ts';
import type { Logger } from '../logger.ts';
import { createProjectFigures, type ProjectFigures } from './project-figures.ts';
import { withProjectLock } from './project-lock.ts';

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
  /** Withdraws a report and makes the one it replaced current again (撤销); returns that one. */
  withdraw(
    report: ReportDoc,
    by: string,
    sourceMsgId: string | undefined,
    at: Date,
  ): Promise<ReportDoc | null>;
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

export function createReportService(deps: { log?: Logger; figures?: ProjectFigures } = {}): ReportService {
  const figures = deps.figures ?? createProjectFigures();
  const byMonth = async (projectCode: string) =>
    new Map((await figures.current(projectCode)).map((r) => [r.month, r]));
  const ofYear = (months: Map<string, ReportDoc>, year: number) =>
    [...months.values()].filter((r) => r.year === year).sort((a, b) => a.month.localeCompare(b.month));

  async function currentOfYear(projectCode: string, year: number): Promise<ReportDoc[]> {
    return ofYear(await byMonth(projectCode), year);
  }

  /**
   * The first writer to replace a month's current report (or to report a month with none) claims
   * that step; a second writer at the same time finds the claim and settles the race from the
   * reports. An insert is the one write the _id index arbitrates on FerretDB.
   */
  async function claimStep(projectCode: string, month: string, old: ReportDoc | null): Promise<boolean> {
    try {
      await CounterClaimModel.create({
        _id: `report:${projectCode}:${month}:${old ? String(old._id) : 'none'}`,
      });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  async function submit(input: ReportInput): Promise<ReportOutcome> {
    const year = Number(input.month.slice(0, 4));
    const ytdGiven = input.ytdAmount != null;
    const token = await figures.begin(input.projectCode);
    let months = await byMonth(input.projectCode);
    // design.md: with no 累计 in the message, the year-to-date is the sum of the months reported
    // this year — the current report of each month up to this one, this report included.
    const ytdAmount = ytdGiven
      ? input.ytdAmount!
      : ofYear(months, year)
          .filter((r) => r.month < input.month)
          .reduce((sum, r) => sum + r.monthAmount, input.monthAmount);

    const old = months.get(input.month) ?? null;
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
      await figures.commit(input.projectCode, token, new Map()).catch(() => {});
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
    const changed = new Map<string, ReportDoc | null>();
    if (await claimStep(input.projectCode, input.month, old)) {
      months.set(input.month, created);
      changed.set(input.month, created);
    } else {
      await settleDuplicates(input.projectCode, input.month);
      await figures.rebuild(input.projectCode);
      months = await byMonth(input.projectCode);
    }
    for (const r of await recompute(months, input.month, input.reporterId, input.sourceMsgId, input.at))
      changed.set(r.month, r);
    await figures.commit(input.projectCode, token, changed);
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
   * figures the reporter stated are left as stated. `months` is the project's current report of
   * each month after the change; returns the reports whose 本年累计 changed.
   */
  async function recompute(
    months: Map<string, ReportDoc>,
    month: string,
    actor: string,
    sourceMsgId: string | undefined,
    at: Date,
  ): Promise<ReportDoc[]> {
    const all = ofYear(months, Number(month.slice(0, 4)));
    let sum = 0;
    const changes = [];
    const updated: ReportDoc[] = [];
    for (const r of all) {
      sum += r.monthAmount;
      if (r.month > month && !r.ytdGiven && r.ytdAmount !== sum) {
        await ProgressReportModel.updateOne({ _id: r._id }, { $set: { ytdAmount: sum } });
        updated.push({ ...r, ytdAmount: sum });
        changes.push({
          entity: 'ProgressReport',
          entityId: `${r.projectCode}:${r.month}`,
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
    return updated;
  }

  async function recomputeLater(
    projectCode: string,
    month: string,
    actor: string,
    sourceMsgId: string | undefined,
    at: Date,
  ): Promise<void> {
    const token = await figures.begin(projectCode);
    const updated = await recompute(await byMonth(projectCode), month, actor, sourceMsgId, at);
    await figures.commit(projectCode, token, new Map(updated.map((r) => [r.month, r])));
  }

  async function withdraw(report: ReportDoc, by: string, sourceMsgId: string | undefined, at: Date) {
    const token = await figures.begin(report.projectCode);
    await ProgressReportModel.updateOne({ _id: report._id }, { $set: { state: 'withdrawn' } });
    let restored: ReportDoc | null = null;
    if (report.supersedes) {
      const prev = await ProgressReportModel.findOne({
        _id: report.supersedes,
        state: 'superseded',
      }).lean<ReportDoc>();
      if (prev) {
        await ProgressReportModel.updateOne({ _id: prev._id }, { $set: { state: 'current' } });
        restored = { ...prev, state: 'current' };
      }
    }
    await writeAudit([
      {
        entity: 'ProgressReport',
        entityId: `${report.projectCode}:${report.month}`,
        action: 'withdraw',
        fields: ['state'],
        before: reportFigures(report),
        after: reportFigures(restored),
        actor: by,
        sourceMsgId,
        via: 'chat',
        at,
      },
    ]);
    const months = await byMonth(report.projectCode);
    if (restored) months.set(report.month, restored);
    else months.delete(report.month);
    const changed = new Map<string, ReportDoc | null>([[report.month, restored]]);
    for (const r of await recompute(months, report.month, by, sourceMsgId, at)) changed.set(r.month, r);
    await figures.commit(report.projectCode, token, changed);
    return restored;
  }

  return {
    submit: (input) => withProjectLock(input.projectCode, () => submit(input)),
    currentOfYear,
    withdraw: (report, by, sourceMsgId, at) =>
      withProjectLock(report.projectCode, () => withdraw(report, by, sourceMsgId, at)),
    recomputeLater: (projectCode, month, actor, sourceMsgId, at) =>
      withProjectLock(projectCode, () => recomputeLater(projectCode, month, actor, sourceMsgId, at)),
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
