/**
 * Progress reports and the figures derived from them (月调度; 数出有据).
 *
 * A report is two writes: the report itself (models/progress-report.model.ts, which carries who,
 * when, from which message and what it replaced), then one conditional update of the project's
 * figures document (models/project-figures.model.ts: `{_id: code, v: n}` → `v: n + 1`). Nothing else
 * guards them: the store makes a single-document update atomic (on the embedded FerretDB because the
 * wrapper serializes writes), a writer that lost the race reads the document again and re-applies its
 * month, and two reports of one month settle on the later one whichever lands last. The document can
 * always be rebuilt from the reports, and is, when it is missing in a store built before it existed
 * or when a writer stopped between its two writes (see `repair`).
 *
 * Within one process, updates of one project are applied in turn and those that queue up meanwhile go
 * out as one update: nothing is waited for that the store would not serialize anyway, and a hot
 * project costs one write per batch instead of one per report.
 */
import { type mongo, Types } from 'mongoose';
import { type Attachment, ProgressReportModel } from '../../models/progress-report.model.ts';
import { FIGURES_BUILT_ID, ProjectFiguresModel } from '../../models/project-figures.model.ts';
import { type FigureRow, type MonthFigures, rowsOf, ytdWith } from '../domain/figures.ts';
import { MONTH_RE } from '../domain/vocabulary.ts';
import type { Logger } from '../logger.ts';
import { newer, PACK_FORMAT, packMonths, unpackMonths } from './figures-pack.ts';
import { batchedInserts, castForInsert } from './write-batch.ts';

export type { FigureRow, MonthFigures } from '../domain/figures.ts';

export interface ReportInput {
  projectCode: string;
  /** YYYY-MM. */
  month: string;
  /** 元. */
  monthAmount: number;
  /** 本年累计 as stated; worked out from the months when absent. */
  ytdAmount?: number | null;
  /** 开工累计 / 自开工以来, only when the message said so. */
  sinceStartAmount?: number | null;
  progressText?: string | null;
  progressPct?: number | null;
  reporterId: string;
  sourceMsgId?: string;
  at: Date;
}

/** A report as stored. */
export interface StoredReport {
  id: string;
  projectCode: string;
  month: string;
  year: number;
  monthAmount: number;
  /** 本年累计 as it stood when reported. */
  ytdAmount: number;
  ytdGiven: boolean;
  sinceStartAmount?: number;
  progressText: string;
  progressPct?: number;
  reporterId: string;
  reportedAt: Date;
  sourceMsgId?: string;
  /** The report of the same month it replaced. */
  supersedes?: string;
  evidence: Attachment[];
  withdrawn: boolean;
  createdAt?: Date;
}

export type ReportState = 'current' | 'superseded' | 'withdrawn';

/** A report's own record, read as an audit entry (src/data/audit.ts). */
export interface ReportAudit {
  entity: 'ProgressReport';
  entityId: string;
  action: 'create' | 'supersede' | 'withdraw';
  fields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: string;
  sourceMsgId: string;
  via: 'chat';
  at: Date;
}

export interface FiguresRepo {
  /** Stores a report and makes it its month's current one; `replaced` is the month's figures before. */
  submit(input: ReportInput): Promise<{ report: StoredReport; replaced: FigureRow | null }>;
  /** A project's current figures, oldest month first. */
  ofProject(projectCode: string): Promise<FigureRow[]>;
  /** Every project's current figures, by month then time reported. */
  all(): Promise<FigureRow[]>;
  /** Withdraws a report (撤销); its month goes back to the report it had replaced. Returns that one. */
  withdraw(report: StoredReport, by: string, msgId: string | undefined, at: Date): Promise<FigureRow | null>;
  /** The sender's newest report that is still its month's current one, optionally since `since`. */
  lastCurrentBy(reporterId: string, since?: Date): Promise<StoredReport | null>;
  /** Every report of a project with its state, newest month first, then newest first. */
  history(projectCode: string): Promise<Array<StoredReport & { state: ReportState }>>;
  report(id: string): Promise<StoredReport | null>;
  addEvidence(reportId: string, attachment: Attachment): Promise<void>;
  /** Reports a message stored (to tell, after a crash, whether it already had its effect). */
  fromMessage(msgId: string): Promise<StoredReport[]>;
  /**
   * What a message did to the reports, as audit entries: a report stored (before = what it replaced)
   * or withdrawn (after = the report that became current again).
   */
  trailOf(msgId: string): Promise<ReportAudit[]>;
  /** Rebuilds a project's figures from its reports (a writer that stopped between its two writes). */
  repair(projectCode: string): Promise<void>;
  /** Rebuilds every project's figures from the reports; returns how many projects. */
  rebuildAll(): Promise<number>;
}

type ReportDoc = {
  _id: Types.ObjectId;
  projectCode: string;
  month: string;
  year: number;
  monthAmount: number;
  ytdAmount: number;
  ytdGiven: boolean;
  sinceStartAmount?: number | null;
  progressText?: string | null;
  progressPct?: number | null;
  reporterId: string;
  reportedAt: Date;
  sourceMsgId?: string | null;
  supersedes?: Types.ObjectId | null;
  replaced?: Record<string, unknown> | null;
  evidence?: Attachment[];
  state?: string | null;
  withdrawnAt?: Date | null;
  withdrawnBy?: string | null;
  withdrawnMsgId?: string | null;
  createdAt?: Date;
};

const FIGURE_FIELDS = ['monthAmount', 'ytdAmount', 'sinceStartAmount', 'progressText'];
const figuresOf = (d: ReportDoc) => ({
  id: String(d._id),
  month: d.month,
  monthAmount: d.monthAmount,
  ytdAmount: d.ytdAmount,
  ytdGiven: d.ytdGiven,
  sinceStartAmount: d.sinceStartAmount ?? null,
  progressText: d.progressText ?? '',
  progressPct: d.progressPct ?? null,
  reporterId: d.reporterId,
});

function toStored(d: ReportDoc): StoredReport {
  const r: StoredReport = {
    id: String(d._id),
    projectCode: d.projectCode,
    month: d.month,
    year: d.year,
    monthAmount: d.monthAmount,
    ytdAmount: d.ytdAmount,
    ytdGiven: d.ytdGiven,
    progressText: d.progressText ?? '',
    reporterId: d.reporterId,
    reportedAt: d.reportedAt,
    evidence: d.evidence ?? [],
    withdrawn: d.state === 'withdrawn',
  };
  if (d.sinceStartAmount != null) r.sinceStartAmount = d.sinceStartAmount;
  if (d.progressPct != null) r.progressPct = d.progressPct;
  if (d.sourceMsgId) r.sourceMsgId = d.sourceMsgId;
  if (d.supersedes) r.supersedes = String(d.supersedes);
  if (d.createdAt) r.createdAt = d.createdAt;
  return r;
}

function monthOf(r: StoredReport | ReportDoc): MonthFigures {
  const id = 'id' in r ? r.id : String(r._id);
  return {
    reportId: id,
    month: r.month,
    monthAmount: r.monthAmount,
    ytdStated: r.ytdGiven ? r.ytdAmount : null,
    sinceStartAmount: r.sinceStartAmount ?? null,
    progressPct: r.progressPct ?? null,
    progressText: r.progressText ?? '',
    reporterId: r.reporterId,
    reportedAt: r.reportedAt,
  };
}

/** Legacy stores marked replaced reports 'superseded': a 'current' one wins over them. */
const rank = (d: ReportDoc) => (d.state === 'superseded' ? 0 : 1);

/** Per project and month, the report that counts so far: its rank and its figures. */
type Picks = Map<string, Map<string, { rank: number; fig: MonthFigures }>>;

/** Counts `d` in: not withdrawn; a 'current' report over a legacy 'superseded' one; then the newer. */
function keepCurrent(best: Picks, d: ReportDoc): void {
  if (d.state === 'withdrawn') return;
  const months = best.get(d.projectCode) ?? new Map<string, { rank: number; fig: MonthFigures }>();
  best.set(d.projectCode, months);
  const seen = months.get(d.month);
  const mine = { rank: rank(d), fig: monthOf(d) };
  if (
    !seen ||
    mine.rank > seen.rank ||
    (mine.rank === seen.rank && newer(mine.fig, seen.fig).reportId === mine.fig.reportId)
  )
    months.set(d.month, mine);
}

/** What one report changes in a project's months. */
type Change = (months: Map<string, MonthFigures>) => void;
type Doc = { v: number; months: Map<string, MonthFigures>; exists: boolean };

const CAS_ATTEMPTS = 50;

/** The figures documents through the driver: the hot path, plain fields, nothing for mongoose to cast. */
const figuresColl = () =>
  ProjectFiguresModel.collection as unknown as mongo.Collection<{
    _id: string;
    d?: string;
    v?: number;
  }>;

export function createFiguresRepo(deps: { log?: Logger } = {}): FiguresRepo {
  /** Per project: the changes waiting for this process's next update, and the one running. */
  const queues = new Map<string, { waiting: Array<{ change: Change; done: (e?: unknown) => void }> }>();
  /** The figures of each project as this process last wrote or read them (a first guess for the CAS). */
  const known = new Map<string, Doc>();
  /** Per project: its months with every report this process is still storing applied, in order. */
  const projected = new Map<string, { months: Map<string, MonthFigures>; open: number }>();
  let built: Promise<void> | undefined;
  // Reports arriving together are stored in one store command (group commit).
  const insertReport = batchedInserts(ProgressReportModel);

  async function readDoc(code: string): Promise<Doc> {
    await ensureBuilt();
    const doc = await figuresColl().findOne({ _id: code });
    if (!doc) return { v: 0, months: new Map(), exists: false };
    const months = unpackMonths(doc.d);
    if (months) return { v: doc.v ?? 0, months, exists: true };
    // Unreadable (an older format): rebuild it from the reports.
    const rebuilt = await monthsFromReports(code);
    return { v: doc.v ?? 0, months: rebuilt, exists: true };
  }

  /** Writes `months` if the document is still at version `v`; false when another writer came first. */
  async function compareAndSet(code: string, doc: Doc, months: Map<string, MonthFigures>): Promise<boolean> {
    const d = packMonths(months.values());
    if (!doc.exists) {
      try {
        await figuresColl().insertOne({ _id: code, d, v: 1 });
        known.set(code, { v: 1, months, exists: true });
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    }
    const res = await figuresColl().updateOne({ _id: code, v: doc.v }, { $set: { d, v: doc.v + 1 } });
    if (res.matchedCount === 0) return false;
    known.set(code, { v: doc.v + 1, months, exists: true });
    return true;
  }

  async function applyBatch(code: string, changes: Change[]): Promise<void> {
    let doc = known.get(code) ?? (await readDoc(code));
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const months = new Map(doc.months);
      for (const c of changes) c(months);
      if (await compareAndSet(code, doc, months)) return;
      doc = await readDoc(code);
    }
    throw new Error(`figures of ${code}: no update after ${CAS_ATTEMPTS} attempts`);
  }

  /** Applies `change` to a project's figures; changes queued meanwhile go out in the same update. */
  function enqueue(code: string, change: Change): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (e?: unknown) => (e ? reject(e) : resolve());
      const q = queues.get(code);
      if (q) {
        q.waiting.push({ change, done });
        return;
      }
      const queue = { waiting: [{ change, done }] };
      queues.set(code, queue);
      void (async () => {
        while (queue.waiting.length) {
          const batch = queue.waiting.splice(0);
          try {
            await applyBatch(
              code,
              batch.map((b) => b.change),
            );
            for (const b of batch) b.done();
          } catch (err) {
            known.delete(code);
            for (const b of batch) b.done(err);
          }
        }
        queues.delete(code);
      })();
    });
  }

  async function monthsFromReports(code: string): Promise<Map<string, MonthFigures>> {
    const docs = await ProgressReportModel.find({ projectCode: code }).lean<ReportDoc[]>();
    return currentOf(docs).get(code) ?? new Map();
  }

  /** The current report of each month of each project among `docs`: the newest not withdrawn. */
  function currentOf(docs: Iterable<ReportDoc>): Map<string, Map<string, MonthFigures>> {
    const best: Picks = new Map();
    for (const d of docs) keepCurrent(best, d);
    const out = new Map<string, Map<string, MonthFigures>>();
    for (const [code, months] of best) out.set(code, new Map([...months].map(([m, p]) => [m, p.fig])));
    return out;
  }

  /**
   * Builds every project's figures from the reports, once per store: a store written before the
   * figures documents existed (or in an older format) is rebuilt on first use, streaming the reports.
   */
  function ensureBuilt(): Promise<void> {
    built ??= (async () => {
      const marker = await ProjectFiguresModel.findById(FIGURES_BUILT_ID).lean<{ format?: number }>();
      if (marker?.format === PACK_FORMAT) return;
      const n = await rebuildAll();
      deps.log?.info({ projects: n }, 'figures documents built from the reports');
    })().catch((err) => {
      built = undefined;
      throw err;
    });
    return built;
  }

  async function rebuildAll(): Promise<number> {
    // Streamed, keeping only each month's figures (and the rank that decides between two reports of
    // one month): a city's whole history as report objects took 1.7 GB at 30,000 projects.
    const best: Picks = new Map();
    const cursor = ProgressReportModel.find({}).lean<ReportDoc[]>().cursor({ batchSize: 1000 });
    for await (const d of cursor as AsyncIterable<ReportDoc>) keepCurrent(best, d);
    const codes = [...best.keys()];
    const stamp = Date.now();
    for (let i = 0; i < codes.length; i += 500) {
      const ops = codes.slice(i, i + 500).map((code) => ({
        replaceOne: {
          filter: { _id: code },
          // A version no writer has seen: a cached one must not match the rebuilt document.
          replacement: {
            _id: code,
            d: packMonths([...best.get(code)!.values()].map((m) => m.fig)),
            v: stamp,
          },
          upsert: true,
        },
      }));
      await ProjectFiguresModel.bulkWrite(ops, { ordered: false });
    }
    // Documents of older formats for projects without reports: readable as empty from now on.
    await ProjectFiguresModel.deleteMany({ _id: { $nin: [...codes, FIGURES_BUILT_ID] } });
    await ProjectFiguresModel.replaceOne(
      { _id: FIGURES_BUILT_ID },
      { _id: FIGURES_BUILT_ID, format: PACK_FORMAT },
      { upsert: true },
    );
    known.clear();
    return codes.length;
  }

  /**
   * A report: one insert, then the project's figures in one conditional update. What the report
   * records of the month it replaced (and the year-to-date as it stood) is worked out from this
   * process's copy of the figures, so the common case reads nothing first; the conditional update
   * then applies it to the figures as they really are, and in the rare case they differed (another
   * instance wrote the project meanwhile, or two reports of one month raced) the report is corrected
   * to what it really replaced, with one more write.
   */
  async function submit(input: ReportInput) {
    if (!MONTH_RE.test(input.month)) throw new Error(`report month ${input.month} is not YYYY-MM`);
    if (!(input.monthAmount >= 0)) throw new Error(`report amount ${input.monthAmount} is negative`);
    const code = input.projectCode;
    let base = projected.get(code)?.months ?? known.get(code)?.months;
    if (!base) {
      const fresh = await readDoc(code);
      if (!queues.has(code) && !known.has(code)) known.set(code, fresh);
      base = projected.get(code)?.months ?? known.get(code)?.months ?? fresh.months;
    }
    // From here to the reservation below nothing is awaited: reports of one project in this process
    // each see the ones before them, in the order their figures will be applied.
    const ytdStated = input.ytdAmount ?? null;
    const id = new Types.ObjectId();
    const recorded = asRecorded(base, input, id, ytdStated);
    const now = new Date();
    const report: StoredReport = toStored({
      _id: id,
      projectCode: code,
      month: input.month,
      year: Number(input.month.slice(0, 4)),
      monthAmount: input.monthAmount,
      ytdGiven: ytdStated !== null,
      sinceStartAmount: input.sinceStartAmount ?? null,
      progressText: input.progressText ?? '',
      progressPct: input.progressPct ?? null,
      sourceMsgId: input.sourceMsgId ?? null,
      reporterId: input.reporterId,
      reportedAt: input.at,
      evidence: [],
      createdAt: now,
      ...recorded.fields,
    });
    const mine = monthOf(report);
    const apply = (months: Map<string, MonthFigures>) => {
      const seen = months.get(mine.month);
      months.set(mine.month, seen ? newer(seen, mine) : mine);
    };
    const projection = projected.get(code) ?? { months: new Map(base), open: 0 };
    projected.set(code, projection);
    projection.open += 1;
    apply(projection.months);
    try {
      return await store(report, recorded, input, ytdStated, apply);
    } finally {
      projection.open -= 1;
      if (projection.open === 0 && projected.get(code) === projection) projected.delete(code);
    }
  }

  async function store(
    report: StoredReport,
    recorded: Recorded,
    input: ReportInput,
    ytdStated: number | null,
    apply: Change,
  ): Promise<{ report: StoredReport; replaced: FigureRow | null }> {
    const id = new Types.ObjectId(report.id);
    const code = report.projectCode;
    await insertReport(
      castForInsert(
        ProgressReportModel,
        {
          _id: id,
          projectCode: code,
          month: input.month,
          year: report.year,
          monthAmount: input.monthAmount,
          ytdGiven: ytdStated !== null,
          ...(input.sinceStartAmount != null ? { sinceStartAmount: input.sinceStartAmount } : {}),
          progressText: input.progressText ?? '',
          ...(input.progressPct != null ? { progressPct: input.progressPct } : {}),
          sourceMsgId: input.sourceMsgId,
          reporterId: input.reporterId,
          reportedAt: input.at,
          ...recorded.fields,
        },
        report.createdAt ?? new Date(),
      ),
    );
    let actual: Recorded | undefined;
    await enqueue(code, (months) => {
      // Runs on the figures as they are when the update lands (again after a lost race).
      actual = asRecorded(months, input, id, ytdStated);
      apply(months);
    });
    if (actual && !sameRecord(actual, recorded)) {
      const { ytdAmount, supersedes, replaced } = actual.fields;
      const updatedAt = new Date();
      await ProgressReportModel.collection.updateOne(
        { _id: id },
        supersedes
          ? { $set: { ytdAmount, supersedes, replaced, updatedAt } }
          : { $set: { ytdAmount, updatedAt }, $unset: { supersedes: 1, replaced: 1 } },
      );
      Object.assign(report, toStored({ ...toDocOf(report), ...actual.fields }));
      return { report, replaced: actual.replaced };
    }
    return { report, replaced: recorded.replaced };
  }

  type Recorded = {
    fields: { ytdAmount: number; supersedes?: Types.ObjectId; replaced?: Record<string, unknown> };
    replaced: FigureRow | null;
  };

  /** What a report records, given the project's months before it: the year-to-date and what it replaced. */
  function asRecorded(
    months: Map<string, MonthFigures>,
    input: ReportInput,
    id: Types.ObjectId,
    ytdStated: number | null,
  ): Recorded {
    const old = months.get(input.month) ?? null;
    const ytdAmount = ytdWith(months, input.month, input.monthAmount, ytdStated);
    if (!old || old.reportId === String(id)) {
      return { fields: { ytdAmount }, replaced: null };
    }
    const replaced = replacedFigures(old, months);
    const supersedes = new Types.ObjectId(old.reportId);
    return {
      fields: { ytdAmount, supersedes, replaced },
      replaced: rowsOf(input.projectCode, months).find((r) => r.month === old.month) ?? null,
    };
  }

  const sameRecord = (a: Recorded, b: Recorded) =>
    a.fields.ytdAmount === b.fields.ytdAmount && String(a.fields.supersedes) === String(b.fields.supersedes);

  function toDocOf(r: StoredReport): ReportDoc {
    return {
      _id: new Types.ObjectId(r.id),
      projectCode: r.projectCode,
      month: r.month,
      year: r.year,
      monthAmount: r.monthAmount,
      ytdAmount: r.ytdAmount,
      ytdGiven: r.ytdGiven,
      sinceStartAmount: r.sinceStartAmount ?? null,
      progressText: r.progressText,
      progressPct: r.progressPct ?? null,
      reporterId: r.reporterId,
      reportedAt: r.reportedAt,
      sourceMsgId: r.sourceMsgId ?? null,
      evidence: r.evidence,
      ...(r.createdAt ? { createdAt: r.createdAt } : {}),
    };
  }

  /** The replaced month's figures, kept on the new report (数出有据: what it replaced). */
  function replacedFigures(old: MonthFigures, months: Map<string, MonthFigures>) {
    const row = rowsOf('', months).find((r) => r.month === old.month)!;
    return {
      id: old.reportId,
      monthAmount: row.monthAmount,
      ytdAmount: row.ytdAmount,
      ytdGiven: row.ytdGiven,
      sinceStartAmount: row.sinceStartAmount ?? null,
      progressText: row.progressText,
      progressPct: row.progressPct ?? null,
      reporterId: row.reporterId,
      reportedAt: row.reportedAt,
    };
  }

  async function report(id: string): Promise<StoredReport | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const d = await ProgressReportModel.findById(id).lean<ReportDoc>();
    return d ? toStored(d) : null;
  }

  /** The report a withdrawn one had replaced, skipping any that were withdrawn too. */
  async function predecessor(r: StoredReport): Promise<StoredReport | null> {
    let id = r.supersedes;
    for (let hops = 0; id && hops < 100; hops++) {
      const prev = await report(id);
      if (!prev) return null;
      if (!prev.withdrawn) return prev;
      id = prev.supersedes;
    }
    return null;
  }

  return {
    submit,

    async ofProject(code) {
      const doc = await readDoc(code);
      return rowsOf(code, doc.months);
    },

    async all() {
      await ensureBuilt();
      const docs = await ProjectFiguresModel.find({}).lean<Array<{ _id: string; d?: string }>>();
      const rows: FigureRow[] = [];
      for (const doc of docs) {
        if (doc._id === FIGURES_BUILT_ID) continue;
        const months = unpackMonths(doc.d) ?? (await monthsFromReports(doc._id));
        rows.push(...rowsOf(doc._id, months));
      }
      return rows.sort(
        (a, b) => a.month.localeCompare(b.month) || a.reportedAt.getTime() - b.reportedAt.getTime(),
      );
    },

    async withdraw(r, by, msgId, at) {
      const res = await ProgressReportModel.updateOne(
        { _id: r.id, state: { $ne: 'withdrawn' } },
        { $set: { state: 'withdrawn', withdrawnAt: at, withdrawnBy: by, withdrawnMsgId: msgId } },
      );
      if (res.matchedCount === 0 && !(await report(r.id))) return null;
      const prev = await predecessor(r);
      const back = prev ? monthOf(prev) : null;
      // Applied even when the report was already marked (a retry after a crash): it is idempotent.
      await enqueue(r.projectCode, (months) => {
        // Only while it is still the month's current report: a later report stands.
        if (months.get(r.month)?.reportId !== r.id) return;
        if (back) months.set(r.month, back);
        else months.delete(r.month);
      });
      if (!prev) return null;
      const rows = rowsOf(r.projectCode, (await readDoc(r.projectCode)).months);
      return rows.find((x) => x.reportId === prev.id) ?? null;
    },

    async lastCurrentBy(reporterId, since) {
      const filter: Record<string, unknown> = { reporterId, state: { $ne: 'withdrawn' } };
      if (since) filter.reportedAt = { $gte: since };
      const docs = await ProgressReportModel.find(filter)
        .sort({ createdAt: -1 })
        .limit(20)
        .lean<ReportDoc[]>();
      for (const d of docs) {
        const current = (await readDoc(d.projectCode)).months.get(d.month);
        if (current?.reportId === String(d._id)) return toStored(d);
      }
      return null;
    },

    async history(code) {
      const [docs, current] = await Promise.all([
        ProgressReportModel.find({ projectCode: code }).lean<ReportDoc[]>(),
        readDoc(code),
      ]);
      return docs
        .map((d) => {
          const r = toStored(d);
          const state: ReportState = r.withdrawn
            ? 'withdrawn'
            : current.months.get(r.month)?.reportId === r.id
              ? 'current'
              : 'superseded';
          return { ...r, state };
        })
        .sort((a, b) => b.month.localeCompare(a.month) || b.reportedAt.getTime() - a.reportedAt.getTime());
    },

    report,

    async addEvidence(reportId, attachment) {
      await ProgressReportModel.updateOne({ _id: reportId }, { $push: { evidence: attachment } });
    },

    async fromMessage(msgId) {
      const docs = await ProgressReportModel.find({ sourceMsgId: msgId }).lean<ReportDoc[]>();
      return docs.map(toStored);
    },

    async trailOf(msgId) {
      const [stored, withdrawn] = await Promise.all([
        ProgressReportModel.find({ sourceMsgId: msgId }).lean<ReportDoc[]>(),
        ProgressReportModel.find({ withdrawnMsgId: msgId }).lean<ReportDoc[]>(),
      ]);
      const out: ReportAudit[] = stored.map((d) => ({
        entity: 'ProgressReport',
        entityId: `${d.projectCode}:${d.month}`,
        action: d.supersedes ? 'supersede' : 'create',
        fields: FIGURE_FIELDS,
        before: d.replaced ?? null,
        after: figuresOf(d),
        actor: d.reporterId,
        sourceMsgId: msgId,
        via: 'chat',
        at: d.reportedAt,
      }));
      for (const d of withdrawn) {
        const back = d.supersedes ? await report(String(d.supersedes)) : null;
        out.push({
          entity: 'ProgressReport',
          entityId: `${d.projectCode}:${d.month}`,
          action: 'withdraw',
          fields: ['state'],
          before: figuresOf(d),
          after: back && !back.withdrawn ? { id: back.id, monthAmount: back.monthAmount } : null,
          actor: d.withdrawnBy ?? d.reporterId,
          sourceMsgId: msgId,
          via: 'chat',
          at: d.withdrawnAt ?? d.reportedAt,
        });
      }
      return out;
    },

    async repair(code) {
      const months = await monthsFromReports(code);
      await enqueue(code, (m) => {
        m.clear();
        for (const [k, v] of months) m.set(k, v);
      });
    },

    rebuildAll,
  };
}
