export * from './dates.ts';
export { loadWorkCalendar } from './load.ts';
export {
  type CalendarLog,
  createWorkCalendar,
  type DayInfo,
  type DayOverride,
  type DaySource,
  type WorkCalendar,
} from './work-calendar.ts';
