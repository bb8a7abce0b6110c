/**
 * The per-project figures document (models/project-figures.model.ts): the current report of each
 * month, read by `_id`. FerretDB has no transactions, so a writer adds a token to `pending` before it
 * changes any report and removes it with its last write; a token older than STALE_MS belongs to a
 * writer that stopped half way, and the next reader rebuilds the document from the reports. A
 * document that was never built (reports stored before it existed, or by an import) is built the same
 * way on first read.
 */
import { randomBytes } from 'node:crypto';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectFiguresModel } from '../../models/project-figures.model.ts';
import type { ReportDoc } from './reports.ts';

/** Far longer than one report's writes take, even on a busy store. */
const STALE_MS = 60_000;

type Snapshot = Omit<ReportDoc, 'evidence'>;
type FiguresDoc = { _id: string; current?: Record<string, Snapshot>; built?: boolean; pending?: string[] };

/** A report as the figures document keeps it: evidence lives only on the report. */
export function snapshot(r: ReportDoc): Snapshot {
  const { evidence: _evidence, ...rest } = r;
  return rest;
}

const asReport = (s: Snapshot): ReportDoc => ({ ...s, evidence: [] }) as unknown as ReportDoc;

/** Of several current reports of one month (a race the report service settles), the one it keeps. */
function newestFirst(a: ReportDoc, b: ReportDoc) {
  return String(b._id).localeCompare(String(a._id));
}

export interface ProjectFigures {
  /** The current report of each month of a project, oldest month first (evidence not included). */
  current(projectCode: string): Promise<ReportDoc[]>;
  /** The same for several projects, one read of the figures collection. */
  currentOfMany(projectCodes: string[]): Promise<Map<string, ReportDoc[]>>;
  /** Marks the project as being changed; call before the first report write. */
  begin(projectCode: string): Promise<string>;
  /** Sets each given month's current report (null: none) and removes the writer's mark. */
  commit(projectCode: string, token: string, months: Map<string, ReportDoc | null>): Promise<void>;
  /** Builds the document again from the reports (after a race between two writers). */
  rebuild(projectCode: string, token?: string): Promise<void>;
}

export function createProjectFigures(deps: { now?: () => number } = {}): ProjectFigures {
  const now = deps.now ?? Date.now;
  const stale = (doc: FiguresDoc) =>
    (doc.pending ?? []).filter((t) => now() - Number(t.split(':')[0]) > STALE_MS);
  const usable = (doc: FiguresDoc | null | undefined): doc is FiguresDoc =>
    Boolean(doc?.built) && stale(doc!).length === 0;
  const list = (doc: FiguresDoc) =>
    Object.values(doc.current ?? {})
      .map(asReport)
      .sort((a, b) => a.month.localeCompare(b.month));

  /** Reads the current reports of `codes` from the reports and stores them; returns them by code. */
  async function build(codes: string[], seen: Map<string, FiguresDoc>, token?: string) {
    // A long $in is evaluated against every report by FerretDB: for many projects (a first summary
    // after an import) read all current reports once and pick here.
    const wanted = new Set(codes);
    const filter =
      codes.length === 1
        ? { projectCode: codes[0], state: 'current' }
        : codes.length <= 20
          ? { projectCode: { $in: codes }, state: 'current' }
          : { state: 'current' };
    const reports = (await ProgressReportModel.find(filter).lean<ReportDoc[]>()).filter((r) =>
      wanted.has(r.projectCode),
    );
    reports.sort(newestFirst);
    const byCode = new Map<string, Record<string, Snapshot>>(codes.map((c) => [c, {}]));
    for (const r of reports) {
      const months = byCode.get(r.projectCode)!;
      months[r.month] ??= snapshot(r);
    }
    const ops = codes.map((code) => {
      const doc = seen.get(code);
      const gone = [...(doc ? stale(doc) : []), ...(token ? [token] : [])];
      return {
        updateOne: {
          filter: { _id: code },
          update: {
            $set: { current: byCode.get(code), built: true },
            ...(gone.length ? { $pullAll: { pending: gone } } : {}),
          },
          upsert: true,
        },
      };
    });
    await ProjectFiguresModel.bulkWrite(ops, { ordered: false }).catch((err) => {
      // Two first readers both insert: the other one's document is as good as ours.
      const errors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? [err];
      if (!errors.every((e) => e.code === 11000)) throw err;
    });
    return new Map(
      [...byCode].map(([c, m]) => [
        c,
        Object.values(m)
          .map(asReport)
          .sort((a, b) => a.month.localeCompare(b.month)),
      ]),
    );
  }

  return {
    async current(projectCode) {
      const doc = await ProjectFiguresModel.findById(projectCode).lean<FiguresDoc>();
      if (usable(doc)) return list(doc);
      const built = await build([projectCode], new Map(doc ? [[projectCode, doc]] : []));
      return built.get(projectCode)!;
    },

    async currentOfMany(projectCodes) {
      const codes = [...new Set(projectCodes)];
      const out = new Map<string, ReportDoc[]>();
      if (!codes.length) return out;
      const docs = await ProjectFiguresModel.find({ _id: { $in: codes } }).lean<FiguresDoc[]>();
      const seen = new Map(docs.map((d) => [d._id, d]));
      const missing: string[] = [];
      for (const code of codes) {
        const doc = seen.get(code);
        if (usable(doc)) out.set(code, list(doc));
        else missing.push(code);
      }
      if (missing.length) for (const [c, rs] of await build(missing, seen)) out.set(c, rs);
      return out;
    },

    async begin(projectCode) {
      const token = `${now()}:${randomBytes(4).toString('hex')}`;
      await ProjectFiguresModel.updateOne(
        { _id: projectCode },
        { $push: { pending: token } },
        { upsert: true },
      )
        .exec()
        .catch(async (err) => {
          if ((err as { code?: number }).code !== 11000) throw err;
          await ProjectFiguresModel.updateOne({ _id: projectCode }, { $push: { pending: token } }).exec();
        });
      return token;
    },

    async commit(projectCode, token, months) {
      const set: Record<string, Snapshot> = {};
      const unset: Record<string, 1> = {};
      for (const [month, r] of months) {
        if (r) set[`current.${month}`] = snapshot(r);
        else unset[`current.${month}`] = 1;
      }
      await ProjectFiguresModel.updateOne(
        { _id: projectCode },
        {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          $pull: { pending: token },
        },
      ).exec();
    },

    async rebuild(projectCode, token) {
      const doc = await ProjectFiguresModel.findById(projectCode).lean<FiguresDoc>();
      await build([projectCode], new Map(doc ? [[projectCode, doc]] : []), token);
    },
  };
}
