import {
  type CalendarLog,
  createWorkCalendar,
  type DayOverride,
  type WorkCalendar,
} from './work-calendar.ts';

/** The working-day calendar with the 重大办's overrides as they are stored right now. */
export async function loadWorkCalendar(deps: {
  log: CalendarLog;
  /** The stored 节假日 rows (the data layer's settings.holidays). */
  holidays: () => Promise<DayOverride[]>;
}): Promise<WorkCalendar> {
  const overrides = await deps.holidays();
  return createWorkCalendar(overrides, deps.log);
}
