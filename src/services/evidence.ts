/**
 * Site photos sent after a report (数出有据). WeCom image URLs expire within minutes, so the image is
 * fetched at once and kept: bytes in a collection of their own keyed by sha256 (GridFS is not
 * available on FerretDB), the file's record in EvidenceModel, and an attachment on the report. The
 * same picture already attached to another report is flagged, not counted as new evidence.
 */
import { createHash } from 'node:crypto';
import axios from 'axios';
import { EVIDENCE_FILES } from '../data/evidence.ts';
import type { Data, StoredReport } from '../data/index.ts';
import { decryptMedia } from '../domain/aibot-media.ts';
import { AppError } from '../errors.ts';

/** A photo counts as evidence for the sender's report made within this window. */
export const EVIDENCE_WINDOW_MS = 30 * 60 * 1000;
const MAX_BYTES = 10 * 1024 * 1024;

export interface ImageOutcome {
  sha256: string;
  bytes: number;
  /** The other report this picture was attached to before. */
  reusedFrom: StoredReport | null;
  /** The same picture sent twice for the same report. */
  alreadyAttached: boolean;
}

export type EvidenceOutcome =
  | { kind: 'no-report' }
  | { kind: 'attached'; report: StoredReport; images: ImageOutcome[] };

export interface EvidenceService {
  attach(input: {
    reporterId: string;
    urls: string[];
    /** Long connection: each URL's key (its content is encrypted). */
    aesKeys?: string[];
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

export function createEvidenceService(deps: {
  data: Data;
  /** Overridable for tests; defaults to axios. */
  fetch?: (url: string) => Promise<{ data: Buffer; contentType?: string }>;
}): EvidenceService {
  const { data } = deps;

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

  async function attachOne(
    report: StoredReport,
    attached: Set<string>,
    url: string,
    aesKey: string | undefined,
    reporterId: string,
    sourceMsgId: string | undefined,
    at: Date,
  ) {
    let fetched: { data: Buffer; contentType?: string };
    try {
      fetched = await fetchImage(url);
      if (aesKey) fetched = { data: decryptMedia(fetched.data, aesKey) };
    } catch (err) {
      throw new AppError('wecom_api_error', `evidence image not fetched: ${url}`, { cause: err });
    }
    const bytes = fetched.data;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const mime = sniffMime(bytes, fetched.contentType);
    await data.evidence.storeFile(sha256, mime, bytes, at);

    const related = new Set([report.id, report.supersedes ?? '']);
    const records = await data.evidence.records(sha256);
    const otherId = records.flatMap((r) => r.reportIds.map(String)).find((id) => !related.has(id));
    const reusedFrom = otherId ? await data.figures.report(otherId) : null;
    const alreadyAttached = attached.has(sha256);
    const storedAt = `${EVIDENCE_FILES}/${sha256}`;
    await data.evidence.link(
      {
        projectCode: report.projectCode,
        sha256,
        mime,
        bytes: bytes.length,
        storedAt,
        reporterId,
        sourceMsgId,
      },
      report.id,
    );
    if (!alreadyAttached) {
      await data.figures.addEvidence(report.id, {
        sha256,
        mime,
        bytes: bytes.length,
        storedAt,
        reused: Boolean(reusedFrom),
      });
      attached.add(sha256);
    }
    return { sha256, bytes: bytes.length, reusedFrom, alreadyAttached };
  }

  return {
    async attach({ reporterId, urls, aesKeys, sourceMsgId, at }) {
      const report = await data.figures.lastCurrentBy(
        reporterId,
        new Date(at.getTime() - EVIDENCE_WINDOW_MS),
      );
      if (!report) return { kind: 'no-report' };
      const attached = new Set((report.evidence ?? []).map((e) => e.sha256));
      const images: ImageOutcome[] = [];
      for (const [i, url] of urls.entries()) {
        images.push(await attachOne(report, attached, url, aesKeys?.[i], reporterId, sourceMsgId, at));
      }
      return { kind: 'attached', report, images };
    },
    file: (sha256) => data.evidence.file(sha256),
  };
}
