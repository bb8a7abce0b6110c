import mongoose, { Schema } from 'mongoose';

/**
 * What the summaries (日报, 月调度, 通报, 台账) need of each project's current reports, one document
 * per project (`_id` = project code) with the months packed into one string.
 *
 * Why packed: the embedded FerretDB decodes every stored field on every read, about 8 µs each,
 * whatever the query asks for (README "Performance"). A county of 3,000 projects with 36 months
 * of reports is 100,000 report documents of 17 fields each — seconds per summary. One string per
 * project is read in a fraction of that. The reports stay the record (数出有据); this is derived
 * from the per-project figures document by src/services/figures-digest.ts.
 *
 * The document `_id: '$state'` holds `built: true` once every project's digest was built from the
 * reports (a database that had reports before digests existed is built on first use).
 */
const figuresDigestSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** JSON: {"v":1,"m":{"YYYY-MM":[month, ytd, sinceStart|null, pct|null, text, reporter, at ms]}}. */
    d: { type: String, default: '' },
    /** Writers between their first and last write ("<epoch ms>:<random>"), as on the figures document. */
    pending: { type: [String], default: [] },
    built: { type: Boolean },
  },
  { versionKey: false },
);

export const FIGURES_DIGEST_STATE_ID = '$state';
export const FiguresDigestModel = mongoose.model('FiguresDigest', figuresDigestSchema);
