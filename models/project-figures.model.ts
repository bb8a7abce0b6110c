import mongoose, { Schema } from 'mongoose';

/**
 * The figures of one project, derived from its progress reports: the current report of each month,
 * packed into one string (`_id` is the project code). Every reply, card and summary reads this
 * instead of the reports; a report changes it with one conditional update on `v` (see
 * src/data/figures.ts). Why one string: the embedded FerretDB decodes every stored field on every
 * read (about 8 µs a field), so 3,000 projects with 36 months each read as one field per project,
 * not 108,000.
 *
 * It can always be rebuilt from the reports: the document `_id: '$built'` records the format the
 * whole collection was built in; a store without it (or older) is rebuilt once, streaming.
 */
const projectFiguresSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Packed months: see src/data/figures-pack.ts. */
    d: { type: String, default: '' },
    /** Version for the conditional update: a writer that read version n writes only while it is n. */
    v: { type: Number, default: 0 },
    /** On the '$built' document: the pack format the collection was built in. */
    format: { type: Number },
  },
  { versionKey: false },
);

export const FIGURES_BUILT_ID = '$built';
export const ProjectFiguresModel = mongoose.model('ProjectFigures', projectFiguresSchema);
