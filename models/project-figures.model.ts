import mongoose, { Schema } from 'mongoose';

/**
 * The current progress report of each month of one project, kept by the report service next to the
 * reports themselves. `_id` is the project code: on the embedded FerretDB only an `_id` lookup uses
 * an index, so the report reply and 查 <项目> read this one document instead of scanning every report
 * (README "Performance"). The reports stay the record (数出有据); this is derived from them and is
 * rebuilt from them when it is missing or a writer stopped half way (see src/services/project-figures.ts).
 */
const projectFiguresSchema = new Schema(
  {
    _id: { type: String, required: true },
    /**
     * 'YYYY-MM' → the current report of that month without its evidence, as JSON text: FerretDB
     * decodes and rewrites every stored field on each read and update, so one field per month.
     * (Documents written before this held each month as a sub-document; both are read.)
     */
    current: { type: Schema.Types.Mixed, default: {} },
    /** Set once `current` was built from the reports; a document without it is rebuilt on first read. */
    built: { type: Boolean, default: false },
    /** One token per writer between its first and last write ("<epoch ms>:<random>"). */
    pending: { type: [String], default: [] },
  },
  { timestamps: true, minimize: false },
);

export const ProjectFiguresModel = mongoose.model('ProjectFigures', projectFiguresSchema);
