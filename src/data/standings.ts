/**
 * The 通报's colours by month and the 督办事项 each 通报 made (models/month-standings.model.ts), read
 * and written by the bulletin job (红黄绿 → 督办).
 */
import { MonthStandingsModel } from '../../models/month-standings.model.ts';

export type Colour = '红' | '黄' | '绿';

export interface MonthStandings {
  month: string;
  colours: Map<string, Colour>;
  at: Date;
  made: Array<{ projectCode: string; no: number }>;
}

export interface StandingsRepo {
  get(month: string): Promise<MonthStandings | null>;
  /** Stores (or restates) the month's colours as its posted 通报 showed them; the 督办事项 noted stay. */
  save(month: string, colours: ReadonlyMap<string, Colour>, opts: { at: Date }): Promise<void>;
  /** Notes a 督办事项 the month's 通报 made. */
  noteMade(month: string, made: { projectCode: string; no: number }): Promise<void>;
}

type Doc = {
  _id: string;
  colours: string;
  at: Date;
  made?: Array<{ projectCode: string; no: number }>;
};

export function createStandingsRepo(): StandingsRepo {
  return {
    async get(month) {
      const doc = await MonthStandingsModel.findById(month).lean<Doc>();
      if (!doc) return null;
      let colours: Record<string, Colour> = {};
      try {
        colours = JSON.parse(doc.colours) as Record<string, Colour>;
      } catch {
        colours = {};
      }
      return {
        month,
        colours: new Map(Object.entries(colours)),
        at: doc.at,
        made: (doc.made ?? []).map((m) => ({ projectCode: m.projectCode, no: m.no })),
      };
    },
    async save(month, colours, opts) {
      await MonthStandingsModel.updateOne(
        { _id: month },
        {
          $set: {
            colours: JSON.stringify(Object.fromEntries(colours)),
            at: opts.at,
          },
        },
        { upsert: true },
      );
    },
    async noteMade(month, made) {
      const doc = await MonthStandingsModel.findById(month).lean<Doc>();
      const list = (doc?.made ?? []).filter((m) => m.projectCode !== made.projectCode);
      await MonthStandingsModel.updateOne({ _id: month }, { $set: { made: [...list, made] } });
    },
  };
}
