/**
 * Loading history straight into the store, bypassing the chat path: a county's earlier reports and
 * problems (a migration from its spreadsheets), and the benchmarks' synthetic counties. The figures
 * documents are rebuilt from the reports afterwards (FiguresRepo.rebuildAll).
 */
import { CounterModel } from '../../models/counter.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';

export interface BulkLoader {
  /** Raw report documents (fields of models/progress-report.model.ts). */
  reports(docs: Record<string, unknown>[]): Promise<void>;
  /** Raw problem documents; `lastNumber` becomes the problem sequence. */
  problems(docs: Record<string, unknown>[], lastNumber: number): Promise<void>;
  /** Stored documents per collection (estimates, for reports). */
  counts(): Promise<{ reports: number; problems: number; inbound: number }>;
}

export function createBulkLoader(): BulkLoader {
  return {
    async reports(docs) {
      if (docs.length) await ProgressReportModel.collection.insertMany(docs, { ordered: false });
    },
    async problems(docs, lastNumber) {
      for (let k = 0; k < docs.length; k += 5_000)
        await ProblemModel.collection.insertMany(docs.slice(k, k + 5_000), { ordered: false });
      await CounterModel.updateOne({ _id: 'problem' }, { $set: { seq: lastNumber } }, { upsert: true });
    },
    async counts() {
      const [reports, problems, inbound] = await Promise.all([
        ProgressReportModel.estimatedDocumentCount(),
        ProblemModel.estimatedDocumentCount(),
        InboundMessageModel.estimatedDocumentCount(),
      ]);
      return { reports, problems, inbound };
    },
  };
}
