/** Investment targets (投资目标) and the 重大办's calendar overrides (节假日), as imported. */
import { HolidayModel } from '../../models/holiday.model.ts';
import { type InvestmentTarget, InvestmentTargetModel } from '../../models/investment-target.model.ts';

export interface HolidayRow {
  date: string;
  type: '休' | '班';
  name?: string;
}

export interface SettingsRepo {
  /** Targets whose years include `year`. */
  targetsFor(year: number, domain?: string): Promise<InvestmentTarget[]>;
  holidays(): Promise<HolidayRow[]>;
}

export function createSettingsRepo(): SettingsRepo {
  return {
    targetsFor: async (year, domain) =>
      InvestmentTargetModel.find({
        ...(domain ? { domain } : {}),
        fromYear: { $lte: year },
        toYear: { $gte: year },
      }).lean<InvestmentTarget[]>(),
    async holidays() {
      const rows = await HolidayModel.find({}, { date: 1, type: 1, name: 1 }).lean();
      return rows.map((r) => ({
        date: r.date,
        type: r.type as HolidayRow['type'],
        name: r.name ?? undefined,
      }));
    },
  };
}
