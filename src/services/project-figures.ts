/**
 * The per-project figures document (models/project-figures.model.ts): the current report of each
 * month, read by `_id`. FerretDB has no transactions, so a writer adds a token to `pending` before it
 * changes any report and removes it with its last write; a token older than STALE_MS belongs to a
 * writer that stopped half way, and the next reader rebuilds the document from the reports. A
 * document that was never built (reports stored before it existed, or by an import) is built the same
 * way on first read.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectFiguresModel } from '../../models/project-figures.model.ts';
import { markDigestPending, packDigest, writeDigest, writeDigests } from './figures-digest.ts';
import type { ReportDoc } from './reports.ts';

/** Far longer than one report's writes take, even on a busy store. */
const STALE_MS = 60_000;

type Snapshot = Omit<ReportDoc, 'evidence'>;
/** A month as stored: JSON text (older documents hold the snapshot as a sub-document). */
type Stored = string | Snapshot;
type FiguresDoc = { _id: string; current?: Record<string, Stored>; built?: boolean; pending?: string[] };

/** A report as the figures document keeps it: evidence lives only on the report. */
export function snapshot(r: ReportDoc): Snapshot {
  const { evidence: _evidence, ...rest } = r;
  return rest;
}

/**
 * A month's report as one JSON string: the embedded FerretDB decodes every stored field on each
 * read and rewrites them all on each update (README "Performance"), so one string per month
 * instead of seventeen fields makes reading and updating a project with years of reports cheap.
 */
export function packSnapshot(r: ReportDoc): string {
  return JSON.stringify(snapshot(r));
}

function unpack(v: Stored): Snapshot {
  if (typeof v !== 'string') return v;
  const o = JSON.parse(v) as Record<string, unknown>;
  o._id = new Types.ObjectId(String(o._id));
  if (o.supersedes) o.supersedes = new Types.ObjectId(String(o.supersedes));
  for (const k of ['reportedAt', 'createdAt', 'updatedAt'])
    if (typeof o[k] === 'string') o[k] = new Date(o[k] as string);
  return o as unknown as Snapshot;
}

const asReport = (s: Stored): ReportDoc => ({ ...unpack(s), evidence: [] }) as unknown as ReportDoc;

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
  /** Builds every project's document and digest from the reports (a store that predates them). */
  buildAll(): Promise<void>;
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

  type Months = Map<string, Map<string, { id: string; packed: string }>>;

  /**
   * Streams the current reports matching `filter` into each project's months as JSON text (a
   * county's whole history as report objects would not fit the bot's memory). Two current reports
   * of one month (a race the report service settles): the newest wins.
   */
  async function collect(filter: Record<string, unknown>, wanted?: Set<string>): Promise<Months> {
    const byCode: Months = new Map();
    const cursor = ProgressReportModel.find(filter).lean<ReportDoc[]>().cursor({ batchSize: 1000 });
    for await (const r of cursor as AsyncIterable<ReportDoc>) {
      if (wanted && !wanted.has(r.projectCode)) continue;
      const months = byCode.get(r.projectCode) ?? new Map();
      byCode.set(r.projectCode, months);
      const id = String(r._id);
      const seen = months.get(r.month);
      if (seen && seen.id.localeCompare(id) > 0) continue;
      months.set(r.month, { id, packed: packSnapshot(r) });
    }
    return byCode;
  }

  /**
   * Stores the figures documents and digests of `byCode`, 500 projects at a time, removing stale
   * marks (and the writer's `token`); hands each project's reports to `each`.
   */
  async function store(
    byCode: Months,
    seen: Map<string, FiguresDoc>,
    token?: string,
    each?: (code: string, reports: ReportDoc[]) => void,
  ): Promise<void> {
    const codes = [...byCode.keys()];
    const gone = (code: string) => {
      const doc = seen.get(code);
      return [...(doc ? stale(doc) : []), ...(token ? [token] : [])];
    };
    for (let i = 0; i < codes.length; i += 500) {
      const chunk = codes.slice(i, i + 500);
      const ops = chunk.map((code) => {
        const pull = gone(code);
        return {
          updateOne: {
            filter: { _id: code },
            update: {
              $set: {
                current: Object.fromEntries([...byCode.get(code)!].map(([m, v]) => [m, v.packed])),
                built: true,
              },
              ...(pull.length ? { $pullAll: { pending: pull } } : {}),
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
      const digests = new Map<string, string>();
      for (const code of chunk) {
        const reports = [...byCode.get(code)!.values()]
          .map((v) => asReport(v.packed))
          .sort((a, b) => a.month.localeCompare(b.month));
        each?.(code, reports);
        digests.set(code, packDigest(reports));
        byCode.delete(code);
      }
      if (codes.length === 1) await writeDigest(chunk[0]!, digests.get(chunk[0]!)!, gone(chunk[0]!));
      else await writeDigests(digests);
    }
  }

  /** Reads the current reports of `codes` from the reports and stores them; returns them by code. */
  async function build(codes: string[], seen: Map<string, FiguresDoc>, token?: string) {
    // A long $in is evaluated against every report by FerretDB: for many projects (a first summary
    // after an import) read all current reports once and pick here.
    const filter =
      codes.length === 1
        ? { projectCode: codes[0], state: 'current' }
        : codes.length <= 20
          ? { projectCode: { $in: codes }, state: 'current' }
          : { state: 'current' };
    const byCode = await collect(filter, new Set(codes));
    for (const code of codes) if (!byCode.has(code)) byCode.set(code, new Map());
    const built = new Map<string, ReportDoc[]>();
    await store(byCode, seen, token, (code, reports) => built.set(code, reports));
    return built;
  }

  /**
   * Writes the digest of the figures as `doc` has them and removes the writer's mark. Another
   * writer's digest may land after ours with older figures (no transactions on FerretDB), so the
   * figures are read again and the digest rewritten until the two agree.
   */
  async function publish(projectCode: string, token: string, doc: FiguresDoc | null): Promise<void> {
    let packed = packDigest(doc ? list(doc) : []);
    await writeDigest(projectCode, packed, [token]);
    // Writers of one project hold its lock (src/services/project-lock.ts): with no other writer's
    // mark on the figures, none can have written in between.
    if (!doc?.pending?.length) return;
    for (let round = 0; round < 5; round++) {
      const again = await ProjectFiguresModel.findById(projectCode).lean<FiguresDoc>();
      const now = packDigest(again ? list(again) : []);
      if (now === packed) return;
      packed = now;
      await writeDigest(projectCode, packed);
    }
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
      const figures = ProjectFiguresModel.updateOne(
        { _id: projectCode },
        { $push: { pending: token } },
        { upsert: true },
      )
        .exec()
        .catch(async (err) => {
          if ((err as { code?: number }).code !== 11000) throw err;
          await ProjectFiguresModel.updateOne({ _id: projectCode }, { $push: { pending: token } }).exec();
        });
      await Promise.all([figures, markDigestPending(projectCode, token)]);
      return token;
    },

    async commit(projectCode, token, months) {
      const set: Record<string, string> = {};
      const unset: Record<string, 1> = {};
      for (const [month, r] of months) {
        if (r) set[`current.${month}`] = packSnapshot(r);
        else unset[`current.${month}`] = 1;
      }
      const doc = await ProjectFiguresModel.findOneAndUpdate(
        { _id: projectCode },
        {
          ...(Object.keys(set).length ? { $set: set } : {}),
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
          $pull: { pending: token },
        },
        { new: true },
      ).lean<FiguresDoc>();
      await publish(projectCode, token, doc);
    },

    async rebuild(projectCode, token) {
      const doc = await ProjectFiguresModel.findById(projectCode).lean<FiguresDoc>();
      await build([projectCode], new Map(doc ? [[projectCode, doc]] : []), token);
    },

    async buildAll() {
      await store(await collect({ state: 'current' }), new Map());
    },
  };
}
