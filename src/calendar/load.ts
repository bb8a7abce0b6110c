import { HolidayModel } from '../../models/holiday.model.ts';
import {
  type CalendarLog,
  createWorkCalendar,
  type DayOverride,
  type WorkCalendar,
} from './work-calendar.ts';

/** The working-day calendar with the 重大办's overrides as they are stored right now. */
export async function loadWorkCalendar(deps: { log: CalendarLog }): Promise<WorkCalendar> {
  const rows = await HolidayModel.find({}, { date: 1, type: 1, name: 1 }).lean();
  const overrides: DayOverride[] = rows.map((r) => ({
    date: r.date,
    type: r.type as DayOverride['type'],
    name: r.name ?? undefined,
  }));
  return createWorkCalendar(overrides, deps.log);
}
