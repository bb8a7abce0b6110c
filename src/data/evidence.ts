/**
 * Evidence files (site photos, 数出有据): the bytes in a collection of their own keyed by sha256
 * (GridFS is not available on FerretDB), and one record per project and file naming the reports it
 * came with.
 */
import mongoose, { Types } from 'mongoose';
import { type Evidence, EvidenceModel } from '../../models/evidence.model.ts';

export const EVIDENCE_FILES = 'evidence_files';

interface FileDoc {
  _id: string;
  mime: string;
  bytes: number;
  data: Buffer | { buffer: Buffer };
  storedAt: Date;
}

export type EvidenceDoc = Evidence & { _id: Types.ObjectId };

export interface EvidenceRepo {
  /** Stores the bytes once (content-addressed: the same bytes again change nothing). */
  storeFile(sha256: string, mime: string, data: Buffer, at: Date): Promise<void>;
  file(sha256: string): Promise<{ mime: string; data: Buffer } | null>;
  /** Every record of a file, whichever project. */
  records(sha256: string): Promise<EvidenceDoc[]>;
  /** Adds the report to the project's record of the file, creating the record the first time. */
  link(
    record: Omit<Evidence, 'reportIds' | 'firstReportId' | 'createdAt' | 'updatedAt'>,
    reportId: string,
  ): Promise<void>;
}

export function createEvidenceRepo(): EvidenceRepo {
  const files = () => mongoose.connection.collection<FileDoc>(EVIDENCE_FILES);
  return {
    async storeFile(sha256, mime, data, at) {
      try {
        await files().insertOne({ _id: sha256, mime, bytes: data.length, data, storedAt: at });
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
      }
    },
    async file(sha256) {
      const doc = await files().findOne({ _id: sha256 });
      if (!doc) return null;
      const raw = doc.data as Buffer | { buffer: Buffer };
      return { mime: doc.mime, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
    },
    records: async (sha256) => EvidenceModel.find({ sha256 }).lean<EvidenceDoc[]>(),
    async link(record, reportId) {
      const id = new Types.ObjectId(reportId);
      const res = await EvidenceModel.updateOne(
        { projectCode: record.projectCode, sha256: record.sha256 },
        { $addToSet: { reportIds: id } },
      );
      if (res.matchedCount) return;
      try {
        await EvidenceModel.create({ ...record, firstReportId: id, reportIds: [id] });
      } catch (err) {
        // Another message linked the same file first: add ours to it.
        if ((err as { code?: number }).code !== 11000) throw err;
        await EvidenceModel.updateOne(
          { projectCode: record.projectCode, sha256: record.sha256 },
          { $addToSet: { reportIds: id } },
        );
      }
    },
  };
}
