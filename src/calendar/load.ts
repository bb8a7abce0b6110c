import type { Data } from '../data/index.ts';
import {
  type CalendarLog,
  createWorkCalendar,
  type DayOverride,
  type WorkCalendar,
} from './work-calendar.ts';

/** The working-day calendar with the 重大办's overrides as they are stored right now. */
export async function loadWorkCalendar(deps: {
  log: CalendarLog;
  data: Pick<Data, 'settings'>;
}): Promise<WorkCalendar> {
  const overrides: DayOverride[] = await deps.data.settings.holidays();
  return createWorkCalendar(overrides, deps.log);
}
