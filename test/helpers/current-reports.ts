/**
 * The reports that are current now (each month's newest not withdrawn), as the bot's figures say,
 * with the stored report documents: what a test compares a reply to.
 */
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { createData } from '../../src/data/index.ts';

export async function currentReports(projectCode: string, month?: string) {
  const rows = await createData().figures.ofProject(projectCode);
  const ids = rows.filter((r) => !month || r.month === month).map((r) => r.reportId);
  const docs = await ProgressReportModel.find({ projectCode }).lean();
  return ids.map((id) => docs.find((d) => String(d._id) === id)!);
}
