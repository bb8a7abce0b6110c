/**
 * The figures digest (models/figures-digest.model.ts): each project's current reports as the
 * summaries need them, packed into one string per project so that a summary reads one small
 * document per project instead of every report. Written by the per-project figures service
 * (src/services/project-figures.ts) after each change; read here.
 */
import { FIGURES_DIGEST_STATE_ID, FiguresDigestModel } from '../../models/figures-digest.model.ts';
import type { ReportDoc } from './reports.ts';

/** One current report as a summary sees it. */
export interface FigureRow {
  projectCode: string;
  month: string;
  year: number;
  monthAmount: number;
  ytdAmount: number;
  sinceStartAmount?: number;
  progressText: string;
  progressPct?: number;
  reporterId: string;
  reportedAt: Date;
}

type Entry = [number, number, number | null, number | null, string, string, number];
type Packable = Pick<
  ReportDoc,
  | 'month'
  | 'monthAmount'
  | 'ytdAmount'
  | 'sinceStartAmount'
  | 'progressText'
  | 'progressPct'
  | 'reporterId'
  | 'reportedAt'
>;

const FORMAT = 1;

export function packDigest(reports: readonly Packable[]): string {
  const m: Record<string, Entry> = {};
  for (const r of [...reports].sort((a, b) => a.month.localeCompare(b.month)))
    m[r.month] = [
      r.monthAmount,
      r.ytdAmount,
      r.sinceStartAmount ?? null,
      r.progressPct ?? null,
      r.progressText ?? '',
      r.reporterId,
      new Date(r.reportedAt).getTime(),
    ];
  return JSON.stringify({ v: FORMAT, m });
}

/** The rows of a packed digest; null when it is not one this code can read. */
export function unpackDigest(projectCode: string, d: string | undefined | null): FigureRow[] | null {
  if (!d) return null;
  let parsed: { v?: number; m?: Record<string, Entry> };
  try {
    parsed = JSON.parse(d);
  } catch {
    return null;
  }
  if (parsed.v !== FORMAT || !parsed.m || typeof parsed.m !== 'object') return null;
  const rows: FigureRow[] = [];
  for (const [month, e] of Object.entries(parsed.m)) {
    if (!Array.isArray(e) || e.length < 7) return null;
    const row: FigureRow = {
      projectCode,
      month,
      year: Number(month.slice(0, 4)),
      monthAmount: e[0],
      ytdAmount: e[1],
      progressText: e[4],
      reporterId: e[5],
      reportedAt: new Date(e[6]),
    };
    if (e[2] !== null) row.sinceStartAmount = e[2];
    if (e[3] !== null) row.progressPct = e[3];
    rows.push(row);
  }
  return rows;
}

/**
 * 本年累计 of every year from `fromYear` to `month`'s year, per project: a past year counts its last
 * report of the year, the current year its figure as of `month`. `rows` in month order.
 */
export function ytdByYearFrom(
  rows: readonly FigureRow[],
  fromYear: number,
  month: string,
): Map<number, Map<string, number>> {
  const year = Number(month.slice(0, 4));
  const out = new Map<number, Map<string, number>>();
  for (const r of rows) {
    if (r.year < fromYear || r.year > year || r.month > month) continue;
    const y = out.get(r.year) ?? new Map<string, number>();
    y.set(r.projectCode, r.ytdAmount);
    out.set(r.year, y);
  }
  return out;
}

/** Marks the project's digest as being changed (see `pending` on the model). */
export async function markDigestPending(projectCode: string, token: string): Promise<void> {
  await FiguresDigestModel.updateOne({ _id: projectCode }, { $push: { pending: token } }, { upsert: true })
    .exec()
    .catch(async (err) => {
      // Two first writers both upsert: the loser adds its mark to the winner's document.
      if ((err as { code?: number }).code !== 11000) throw err;
      await FiguresDigestModel.updateOne({ _id: projectCode }, { $push: { pending: token } }).exec();
    });
}

/** Stores a project's digest and removes the writer's marks. */
export async function writeDigest(projectCode: string, packed: string, tokens: string[] = []): Promise<void> {
  await FiguresDigestModel.updateOne(
    { _id: projectCode },
    { $set: { d: packed }, ...(tokens.length ? { $pullAll: { pending: tokens } } : {}) },
    { upsert: true },
  )
    .exec()
    .catch(async (err) => {
      if ((err as { code?: number }).code !== 11000) throw err;
      await FiguresDigestModel.updateOne(
        { _id: projectCode },
        { $set: { d: packed }, ...(tokens.length ? { $pullAll: { pending: tokens } } : {}) },
      ).exec();
    });
}

/** Many digests at once (a rebuild), without marks. */
export async function writeDigests(packed: Map<string, string>): Promise<void> {
  const ops = [...packed].map(([code, d]) => ({
    updateOne: { filter: { _id: code }, update: { $set: { d } }, upsert: true },
  }));
  for (let i = 0; i < ops.length; i += 1000)
    await FiguresDigestModel.bulkWrite(ops.slice(i, i + 1000), { ordered: false });
}

export interface DigestSource {
  /** The authoritative current reports of a project (rebuilt when a writer stopped half way). */
  current(projectCode: string): Promise<ReportDoc[]>;
  /** Builds every project's figures and digest from the reports; for a store that predates them. */
  buildAll(): Promise<void>;
}

/** A pending mark older than this belongs to a writer that stopped half way. */
const STALE_MS = 60_000;

/**
 * Every current report's figures, all projects, oldest month first (then by time reported).
 * A project whose digest is being written, or whose writer stopped, is read from its figures
 * document instead (and its digest repaired when the writer is gone).
 */
export async function readAllFigures(
  source: DigestSource,
  now: () => number = Date.now,
): Promise<FigureRow[]> {
  let docs = await FiguresDigestModel.find().lean();
  if (!docs.some((d) => d._id === FIGURES_DIGEST_STATE_ID && d.built)) {
    await source.buildAll();
    await FiguresDigestModel.updateOne(
      { _id: FIGURES_DIGEST_STATE_ID },
      { $set: { built: true } },
      { upsert: true },
    ).catch((err) => {
      if ((err as { code?: number }).code !== 11000) throw err;
    });
    docs = await FiguresDigestModel.find().lean();
  }
  const rows: FigureRow[] = [];
  const unsure: Array<{ code: string; stale: string[] | null }> = [];
  for (const doc of docs) {
    if (doc._id === FIGURES_DIGEST_STATE_ID) continue;
    const pending = doc.pending ?? [];
    const parsed = unpackDigest(doc._id, doc.d);
    if (!pending.length && parsed) {
      rows.push(...parsed);
      continue;
    }
    const stale = pending.filter((t) => now() - Number(t.split(':')[0]) > STALE_MS);
    // Every mark stale (or none and unreadable): the writer is gone, repair after reading.
    unsure.push({ code: doc._id, stale: stale.length === pending.length ? stale : null });
  }
  for (const { code, stale } of unsure) {
    const reports = await source.current(code);
    rows.push(...(unpackDigest(code, packDigest(reports)) ?? []));
    if (stale) await writeDigest(code, packDigest(reports), stale);
  }
  return rows.sort(
    (a, b) => a.month.localeCompare(b.month) || a.reportedAt.getTime() - b.reportedAt.getTime(),
  );
}
