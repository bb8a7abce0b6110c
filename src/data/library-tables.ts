/**
 * The tables an import writes (units, people, projects, groups, targets, holidays), behind one small
 * interface so the workbook reader never touches a model: read what is stored, validate a new row
 * against its schema, insert in batches, update only changed fields.
 */
import type { Model } from 'mongoose';
import { GroupModel } from '../../models/group.model.ts';
import { HolidayModel } from '../../models/holiday.model.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';

export type Fields = Record<string, unknown>;
export type LibraryEntity = 'Unit' | 'Person' | 'Project' | 'Group' | 'InvestmentTarget' | 'Holiday';

export interface LibraryTable {
  all(): Promise<Fields[]>;
  find(filter: Fields): Promise<Fields[]>;
  findOne(filter: Fields): Promise<Fields | null>;
  /** The row as the schema stores it; throws the schema's message when it refuses the row. */
  validate(doc: Fields): Promise<Fields>;
  /**
   * Inserts new rows; throws `{ writeErrors: [{ index, errmsg }] }` naming the rows refused (the
   * others are stored).
   */
  insertMany(docs: Fields[]): Promise<void>;
  update(id: unknown, set: Fields, unset: string[]): Promise<void>;
  /**
   * Several updates in one store command, each checked as `update` checks it (the schema's rules for
   * the fields it sets; a required field is never unset). One outcome per update, in order: undefined
   * when it was written, else the reason it was not.
   */
  updateMany(
    updates: Array<{ id: unknown; set: Fields; unset: string[] }>,
  ): Promise<Array<Error | undefined>>;
}

// biome-ignore lint/suspicious/noExplicitAny: each table stores into its own model
const MODELS: Record<LibraryEntity, Model<any>> = {
  Unit: UnitModel,
  Person: PersonModel,
  Project: ProjectModel,
  Group: GroupModel,
  InvestmentTarget: InvestmentTargetModel,
  Holiday: HolidayModel,
};

export function libraryTable(entity: LibraryEntity): LibraryTable {
  const model = MODELS[entity];
  return {
    all: async () => model.find().lean<Fields[]>(),
    find: async (filter) => model.find(filter).lean<Fields[]>(),
    findOne: async (filter) => model.findOne(filter).lean<Fields>(),
    async validate(doc) {
      const checked = new model(doc);
      await checked.validate();
      return checked as unknown as Fields;
    },
    async insertMany(docs) {
      if (docs.length) await model.insertMany(docs, { ordered: false });
    },
    async update(id, set, unset) {
      const update: Fields = {};
      if (Object.keys(set).length) update.$set = set;
      if (unset.length) update.$unset = Object.fromEntries(unset.map((k) => [k, 1]));
      if (Object.keys(update).length) await model.updateOne({ _id: id }, update, { runValidators: true });
    },
    async updateMany(updates) {
      const outcomes: Array<Error | undefined> = [];
      const ops: Array<{ updateOne: { filter: Fields; update: Fields } }> = [];
      const at: number[] = [];
      for (const [i, u] of updates.entries()) {
        try {
          const required = u.unset.find((k) => model.schema.path(k)?.isRequired);
          if (required) throw new Error(`${required} 不能为空`);
          const set = { ...u.set };
          if (Object.keys(set).length) await model.validate(set, Object.keys(set));
          const update: Fields = {};
          if (Object.keys(set).length) update.$set = set;
          if (u.unset.length) update.$unset = Object.fromEntries(u.unset.map((k) => [k, 1]));
          outcomes.push(undefined);
          if (!Object.keys(update).length) continue;
          ops.push({ updateOne: { filter: { _id: u.id }, update } });
          at.push(i);
        } catch (err) {
          outcomes.push(err as Error);
        }
      }
      if (!ops.length) return outcomes;
      try {
        await model.bulkWrite(ops, { ordered: false });
      } catch (err) {
        // Per-item failures name their op; anything else (the store is gone) fails them all.
        const list = (err as { writeErrors?: Array<{ index: number; errmsg?: string }> }).writeErrors;
        if (!list?.length) throw err;
        for (const e of list) {
          const i = at[e.index];
          if (i !== undefined) outcomes[i] = new Error(e.errmsg ?? 'write failed');
        }
      }
      return outcomes;
    },
  };
}
