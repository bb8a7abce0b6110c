/**
 * 资金到位 reports and the funds derived from them, with the discipline of src/data/figures.ts: a
 * report is two writes, the report itself (models/funds-report.model.ts: who, when, which message,
 * what it replaced), then one conditional update of the project's funds document
 * (models/project-funds.model.ts, `{_id: code, v: n}` → `v: n + 1`), retried on a fresh read when
 * another writer came first; two reports of one month settle on the later one whichever lands last.
 *
 * Why a derived document rather than a scan of the reports: the 通报 and the 台账 need every
 * project's funds, and the embedded store reads every field of every document it scans (about 8 µs a
 * field): a county where 3,000 projects report funds monthly has 36,000 reports a year, several
 * seconds a scan; the derived documents are one field per project. A writer that stopped between its
 * two writes leaves its message to recovery, which rebuilds the project's document (`repair`).
 *
 * Packed format: {"v":1,"m":{"YYYY-MM":[reportId, amount, bond|null, reporter, reported at ms]}}.
 */
import { Types } from 'mongoose';
import { FundsReportModel } from '../../models/funds-report.model.ts';
import { ProjectFundsModel } from '../../models/project-funds.model.ts';
import { type FundsMonth, newerFunds } from '../domain/funds.ts';

export type { FundsMonth } from '../domain/funds.ts';

export interface FundsInput {
  projectCode: string;
  month: string;
  amount: number;
  bondAmount?: number | null;
  reporterId: string;
  sourceMsgId?: string;
  at: Date;
}

export interface StoredFunds extends FundsMonth {
  projectCode: string;
  sourceMsgId?: string;
  supersedes?: string;
  withdrawn: boolean;
  createdAt?: Date;
}

export interface FundsRepo {
  /** Stores a report and makes it its month's current one; `replaced` is the month's report before. */
  submit(
    input: FundsInput,
  ): Promise<{ report: StoredFunds; replaced: FundsMonth | null; months: FundsMonth[] }>;
  /** A project's current months, oldest first. */
  ofProject(projectCode: string): Promise<FundsMonth[]>;
  /** Every project's current months. */
  all(): Promise<Map<string, FundsMonth[]>>;
  /** The sender's newest report that is still its month's current one (撤销). */
  lastCurrentBy(reporterId: string): Promise<StoredFunds | null>;
  /** Withdraws a report; its month goes back to the report it had replaced (returned), if any. */
  withdraw(report: StoredFunds, by: string, msgId: string | undefined, at: Date): Promise<FundsMonth | null>;
  /** Reports a message stored (recovery after a crash). */
  fromMessage(msgId: string): Promise<StoredFunds[]>;
  /** Rebuilds a project's document from its reports. */
  repair(projectCode: string): Promise<void>;
}

type Entry = [string, number, number | null, string, number];
const FORMAT = 1;

function pack(months: Iterable<FundsMonth>): string {
  const m: Record<string, Entry> = {};
  for (const f of [...months].sort((a, b) => a.month.localeCompare(b.month)))
    m[f.month] = [f.reportId, f.amount, f.bondAmount, f.reporterId, f.reportedAt.getTime()];
  return JSON.stringify({ v: FORMAT, m });
}

function unpack(d: string | null | undefined): Map<string, FundsMonth> | null {
  if (!d) return new Map();
  try {
    const parsed = JSON.parse(d) as { v?: number; m?: Record<string, Entry> };
    if (parsed.v !== FORMAT || !parsed.m) return null;
    return new Map(
      Object.entries(parsed.m).map(([month, e]) => [
        month,
        {
          reportId: e[0],
          month,
          amount: e[1],
          bondAmount: e[2],
          reporterId: e[3],
          reportedAt: new Date(e[4]),
        },
      ]),
    );
  } catch {
    return null;
  }
}

type ReportDoc = {
  _id: Types.ObjectId;
  projectCode: string;
  month: string;
  amount: number;
  bondAmount?: number | null;
  reporterId: string;
  reportedAt: Date;
  sourceMsgId?: string | null;
  supersedes?: Types.ObjectId | null;
  state?: string | null;
  createdAt?: Date;
};

function toStored(d: ReportDoc): StoredFunds {
  const r: StoredFunds = {
    reportId: String(d._id),
    projectCode: d.projectCode,
    month: d.month,
    amount: d.amount,
    bondAmount: d.bondAmount ?? null,
    reporterId: d.reporterId,
    reportedAt: d.reportedAt,
    withdrawn: d.state === 'withdrawn',
  };
  if (d.sourceMsgId) r.sourceMsgId = d.sourceMsgId;
  if (d.supersedes) r.supersedes = String(d.supersedes);
  if (d.createdAt) r.createdAt = d.createdAt;
  return r;
}

const monthOf = (r: StoredFunds): FundsMonth => ({
  reportId: r.reportId,
  month: r.month,
  amount: r.amount,
  bondAmount: r.bondAmount,
  reporterId: r.reporterId,
  reportedAt: r.reportedAt,
});

const sorted = (m: Map<string, FundsMonth>) => [...m.values()].sort((a, b) => a.month.localeCompare(b.month));

export function createFundsRepo(): FundsRepo {
  async function monthsFromReports(code: string): Promise<Map<string, FundsMonth>> {
    const docs = await FundsReportModel.find({ projectCode: code }).lean<ReportDoc[]>();
    const out = new Map<string, FundsMonth>();
    for (const d of docs) {
      if (d.state === 'withdrawn') continue;
      const mine = monthOf(toStored(d));
      const seen = out.get(d.month);
      out.set(d.month, seen ? newerFunds(seen, mine) : mine);
    }
    return out;
  }

  async function readDoc(
    code: string,
  ): Promise<{ v: number; months: Map<string, FundsMonth>; exists: boolean }> {
    const doc = await ProjectFundsModel.findById(code).lean<{ d?: string; v?: number }>();
    if (!doc) return { v: 0, months: new Map(), exists: false };
    return { v: doc.v ?? 0, months: unpack(doc.d) ?? (await monthsFromReports(code)), exists: true };
  }

  /** Applies `change` to the project's months: one conditional update, retried on a fresh read. */
  async function apply(
    code: string,
    change: (months: Map<string, FundsMonth>) => void,
  ): Promise<Map<string, FundsMonth>> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const doc = await readDoc(code);
      const months = new Map(doc.months);
      change(months);
      const d = pack(months.values());
      if (!doc.exists) {
        try {
          await ProjectFundsModel.create({ _id: code, d, v: 1 });
          return months;
        } catch (err) {
          if ((err as { code?: number }).code === 11000) continue;
          throw err;
        }
      }
      const res = await ProjectFundsModel.updateOne({ _id: code, v: doc.v }, { $set: { d, v: doc.v + 1 } });
      if (res.matchedCount > 0) return months;
    }
    throw new Error(`funds of ${code}: no update after 50 attempts`);
  }

  async function report(id: string): Promise<StoredFunds | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const d = await FundsReportModel.findById(id).lean<ReportDoc>();
    return d ? toStored(d) : null;
  }

  return {
    async submit(input) {
      const before = (await readDoc(input.projectCode)).months.get(input.month) ?? null;
      const created = await FundsReportModel.create({
        projectCode: input.projectCode,
        month: input.month,
        amount: input.amount,
        ...(input.bondAmount != null ? { bondAmount: input.bondAmount } : {}),
        reporterId: input.reporterId,
        reportedAt: input.at,
        sourceMsgId: input.sourceMsgId,
        ...(before
          ? {
              supersedes: new Types.ObjectId(before.reportId),
              replaced: { id: before.reportId, amount: before.amount, bondAmount: before.bondAmount },
            }
          : {}),
      });
      const stored = toStored(created.toObject() as ReportDoc);
      const mine = monthOf(stored);
      const months = await apply(input.projectCode, (m) => {
        const seen = m.get(mine.month);
        m.set(mine.month, seen ? newerFunds(seen, mine) : mine);
      });
      return { report: stored, replaced: before, months: sorted(months) };
    },

    async ofProject(code) {
      return sorted((await readDoc(code)).months);
    },

    async all() {
      const docs = await ProjectFundsModel.find({}).lean<Array<{ _id: string; d?: string }>>();
      const out = new Map<string, FundsMonth[]>();
      for (const doc of docs) {
        const months = unpack(doc.d) ?? (await monthsFromReports(doc._id));
        out.set(doc._id, sorted(months));
      }
      return out;
    },

    async lastCurrentBy(reporterId) {
      const docs = await FundsReportModel.find({ reporterId, state: { $ne: 'withdrawn' } })
        .sort({ createdAt: -1 })
        .limit(20)
        .lean<ReportDoc[]>();
      for (const d of docs) {
        const current = (await readDoc(d.projectCode)).months.get(d.month);
        if (current?.reportId === String(d._id)) return toStored(d);
      }
      return null;
    },

    async withdraw(r, by, msgId, at) {
      await FundsReportModel.updateOne(
        { _id: r.reportId, state: { $ne: 'withdrawn' } },
        { $set: { state: 'withdrawn', withdrawnAt: at, withdrawnBy: by, withdrawnMsgId: msgId } },
      );
      // The report it replaced, skipping any withdrawn since.
      let back: StoredFunds | null = null;
      let id = r.supersedes;
      for (let hops = 0; id && hops < 100; hops++) {
        const prev = await report(id);
        if (!prev) break;
        if (!prev.withdrawn) {
          back = prev;
          break;
        }
        id = prev.supersedes;
      }
      const restored = back ? monthOf(back) : null;
      await apply(r.projectCode, (m) => {
        if (m.get(r.month)?.reportId !== r.reportId) return;
        if (restored) m.set(r.month, restored);
        else m.delete(r.month);
      });
      return restored;
    },

    async fromMessage(msgId) {
      const [stored, withdrawn] = await Promise.all([
        FundsReportModel.find({ sourceMsgId: msgId }).lean<ReportDoc[]>(),
        FundsReportModel.find({ withdrawnMsgId: msgId }).lean<ReportDoc[]>(),
      ]);
      return [...stored, ...withdrawn].map(toStored);
    },

    async repair(code) {
      const months = await monthsFromReports(code);
      await apply(code, (m) => {
        m.clear();
        for (const [k, v] of months) m.set(k, v);
      });
    },
  };
}
