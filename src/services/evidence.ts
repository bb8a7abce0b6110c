/**
 * Site photos sent after a report (数出有据). WeCom image URLs expire within minutes, so the image is
 * fetched at once and kept: bytes in a collection of their own keyed by sha256 (GridFS is not
 * available on FerretDB), the file's record in EvidenceModel, and an attachment on the report. The
 * same picture already attached to another report is flagged, not counted as new evidence.
 */
import { createHash } from 'node:crypto';
import axios from 'axios';
import mongoose, { type Types } from 'mongoose';
import { EvidenceModel } from '../../models/evidence.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { AppError } from '../errors.ts';
import type { ReportDoc, ReportService } from './reports.ts';

/** A photo counts as evidence for the sender's report made within this window. */
export const EVIDENCE_WINDOW_MS = 30 * 60 * 1000;
const MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_FILES = 'evidence_files';

export interface ImageOutcome {
  sha256: string;
  bytes: number;
  /** The other report this picture was attached to before. */
  reusedFrom: ReportDoc | null;
  /** The same picture sent twice for the same report. */
  alreadyAttached: boolean;
}

export type EvidenceOutcome =
  | { kind: 'no-report' }
  | { kind: 'attached'; report: ReportDoc; images: ImageOutcome[] };

export interface EvidenceService {
  attach(input: {
    reporterId: string;
    urls: string[];
    sourceMsgId?: string;
    at: Date;
  }): Promise<EvidenceOutcome>;
  /** The stored bytes of a picture, for exports and checks. */
  file(sha256: string): Promise<{ mime: string; data: Buffer } | null>;
}

function sniffMime(buf: Buffer, header: string | undefined): string {
  if (buf[0] === 0x89 && buf[1] === 0x50) return 'image/png';
  if (buf[0] === 0xff && buf[1] === 0xd8) return 'image/jpeg';
  if (buf.subarray(0, 3).toString('ascii') === 'GIF') return 'image/gif';
  return header?.split(';')[0]?.trim() || 'application/octet-stream';
}

interface FileDoc {
  _id: string;
  mime: string;
  bytes: number;
  data: Buffer | { buffer: Buffer };
  storedAt: Date;
}

export function createEvidenceService(deps: {
  reports: ReportService;
  /** Overridable for tests; defaults to axios. */
  fetch?: (url: string) => Promise<{ data: Buffer; contentType?: string }>;
}): EvidenceService {
  const files = () => mongoose.connection.collection<FileDoc>(EVIDENCE_FILES);

  const fetchImage =
    deps.fetch ??
    (async (url: string) => {
      const res = await axios.get<ArrayBuffer>(url, {
        responseType: 'arraybuffer',
        timeout: 15_000,
        maxContentLength: MAX_BYTES,
      });
      return { data: Buffer.from(res.data), contentType: String(res.headers['content-type'] ?? '') };
    });

  async function store(data: Buffer, mime: string, sha256: string, at: Date): Promise<void> {
    try {
      await files().insertOne({ _id: sha256, mime, bytes: data.length, data, storedAt: at });
    } catch (err) {
      // The same bytes are already stored: content-addressed, so nothing to do.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  async function attachOne(
    report: ReportDoc,
    attached: Set<string>,
    url: string,
    reporterId: string,
    sourceMsgId: string | undefined,
    at: Date,
  ) {
    let fetched: { data: Buffer; contentType?: string };
    try {
      fetched = await fetchImage(url);
    } catch (err) {
      throw new AppError('wecom_api_error', `evidence image not fetched: ${url}`, { cause: err });
    }
    const data = fetched.data;
    const sha256 = createHash('sha256').update(data).digest('hex');
    const mime = sniffMime(data, fetched.contentType);
    await store(data, mime, sha256, at);

    const mine = String(report._id);
    const related = new Set([mine, report.supersedes ? String(report.supersedes) : '']);
    const records = await EvidenceModel.find({ sha256 }).lean();
    const otherId = records.flatMap((r) => r.reportIds.map(String)).find((id) => !related.has(id));
    const reusedFrom = otherId ? await ProgressReportModel.findById(otherId).lean<ReportDoc>() : null;
    const alreadyAttached = attached.has(sha256);

    const own = records.find((r) => r.projectCode === report.projectCode);
    if (own) {
      await EvidenceModel.updateOne({ _id: own._id }, { $addToSet: { reportIds: report._id } });
    } else {
      await EvidenceModel.create({
        projectCode: report.projectCode,
        sha256,
        mime,
        bytes: data.length,
        storedAt: `${EVIDENCE_FILES}/${sha256}`,
        firstReportId: report._id,
        reportIds: [report._id as Types.ObjectId],
        reporterId,
        sourceMsgId,
      });
    }
    if (!alreadyAttached) {
      const attachment = {
        sha256,
        mime,
        bytes: data.length,
        storedAt: `${EVIDENCE_FILES}/${sha256}`,
        reused: Boolean(reusedFrom),
      };
      await ProgressReportModel.updateOne({ _id: report._id }, { $push: { evidence: attachment } });
      attached.add(sha256);
    }
    return { sha256, bytes: data.length, reusedFrom, alreadyAttached };
  }

  return {
    async attach({ reporterId, urls, sourceMsgId, at }) {
      const report = await deps.reports.lastBy(reporterId, new Date(at.getTime() - EVIDENCE_WINDOW_MS));
      if (!report) return { kind: 'no-report' };
      const attached = new Set((report.evidence ?? []).map((e) => e.sha256));
      const images: ImageOutcome[] = [];
      for (const url of urls) {
        images.push(await attachOne(report, attached, url, reporterId, sourceMsgId, at));
      }
      return { kind: 'attached', report, images };
    },
    async file(sha256) {
      const doc = await files().findOne({ _id: sha256 });
      if (!doc) return null;
      const raw = doc.data as Buffer | { buffer: Buffer };
      return { mime: doc.mime, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
    },
  };
}
