/**
 * The scheduled jobs: when they run (rules.ts) and what they do (`run`). The content of each job
 * lives elsewhere and is plugged in with `defineJobs({ daily: runDaily, … })`; until then a job
 * runs a placeholder that posts nothing.
 */
import { isoWeek, monthOf } from '../calendar/dates.ts';
import {
  agendaScope,
  bulletinScope,
  holidayNoticeScope,
  monthlyPeriod,
  monthlyScope,
  weeklyRunDate,
} from './rules.ts';
import { JOB_NAMES, type JobDefinition, type JobName, type JobRunner } from './types.ts';

function placeholder(name: JobName): JobRunner {
  return async (ctx) => {
    ctx.log.warn('job has no content yet (placeholder runner)');
    return { posted: 0, summary: `${name}: 尚未实现内容（占位）` };
  };
}

/** A job that runs on every working day, one run per date. */
function everyWorkday(name: JobName, title: string, time: JobDefinition['time']): JobDefinition {
  return {
    name,
    title,
    time,
    due: (date, cal) => cal.isWorkday(date),
    period: (date) => date,
    scope: (date) => ({ month: monthOf(date) }),
    workdaysOnly: true,
    run: placeholder(name),
  };
}

function defaultDefinitions(): JobDefinition[] {
  return [
    everyWorkday('daily', '日报', (c) => c.DAILY_SUMMARY_TIME),
    {
      name: 'weekly',
      title: '周报',
      time: (c) => c.WEEKLY_SUMMARY_TIME,
      due: (date, cal, c) => weeklyRunDate(date, cal, c) === date,
      period: (date) => isoWeek(date),
      scope: (date) => ({ month: monthOf(date) }),
      workdaysOnly: false,
      run: placeholder('weekly'),
    },
    {
      name: 'monthly',
      title: '月调度',
      time: (c) => c.MONTHLY_SUMMARY_TIME,
      due: (date, cal, c) => monthlyScope(date, cal, c).due,
      period: (date, cal, c) => monthlyPeriod(monthlyScope(date, cal, c), date),
      scope: (date, cal, c) => {
        const s = monthlyScope(date, cal, c);
        return { month: s.month, phase: s.phase };
      },
      workdaysOnly: false,
      run: placeholder('monthly'),
    },
    {
      name: 'bulletin',
      title: '月通报',
      time: (c) => c.MONTHLY_SUMMARY_TIME,
      due: (date, cal, c) => bulletinScope(date, cal, c).due,
      period: (date, cal, c) => bulletinScope(date, cal, c).month,
      scope: (date, cal, c) => ({ month: bulletinScope(date, cal, c).month }),
      workdaysOnly: false,
      run: placeholder('bulletin'),
    },
    everyWorkday('reminders', '到期提醒', (c) => c.REMINDER_TIME),
    everyWorkday('escalations', '逾期升级', (c) => c.ESCALATION_TIME),
    {
      name: 'agenda',
      title: '协调会议题',
      time: (c) => c.MONTHLY_SUMMARY_TIME,
      due: (date, cal) => agendaScope(date, cal).due,
      period: (date, cal) => agendaScope(date, cal).period,
      scope: (date) => ({ month: monthOf(date) }),
      workdaysOnly: false,
      run: placeholder('agenda'),
    },
    {
      name: 'holidays',
      title: '节假日提醒',
      time: (c) => c.MONTHLY_SUMMARY_TIME,
      due: (date, cal) => holidayNoticeScope(date, cal).due,
      period: (date, cal) => holidayNoticeScope(date, cal).period,
      scope: (date) => ({ month: monthOf(date) }),
      workdaysOnly: false,
      run: placeholder('holidays'),
    },
  ];
}

/** The process-wide registry the scheduler and `npm run job` read. */
export const jobRegistry = new Map<JobName, JobDefinition>(defaultDefinitions().map((d) => [d.name, d]));

/** Adds or replaces a whole definition (rules and content). */
export function registerJob(def: JobDefinition): void {
  jobRegistry.set(def.name, def);
}

/** Plugs in job content, keeping each job's schedule rules. */
export function defineJobs(runners: Partial<Record<JobName, JobRunner>>): void {
  for (const [name, run] of Object.entries(runners) as Array<[JobName, JobRunner | undefined]>) {
    const def = jobRegistry.get(name);
    if (!def) throw new RangeError(`unknown job "${name}"`);
    if (run) jobRegistry.set(name, { ...def, run });
  }
}

/** A fresh copy of the default definitions (placeholder content), e.g. for tests. */
export function defaultJobs(): Map<JobName, JobDefinition> {
  return new Map(defaultDefinitions().map((d) => [d.name, d]));
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}
