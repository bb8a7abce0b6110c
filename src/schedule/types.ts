/**
 * The shapes shared by the scheduler (`npm start`) and the job command (`npm run job`): what a job
 * is, what it is given when it runs, and what it reports back.
 */
import type { Redis } from 'ioredis';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';
import type { Reply } from '../domain/messages.ts';
import type { Subscription } from '../domain/vocabulary.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

export const JOB_NAMES = [
  'daily',
  'weekly',
  'monthly',
  'bulletin',
  'reminders',
  'escalations',
  'agenda',
  'holidays',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The monthly job either reminds non-reporters before the deadline or rolls the month up after it. */
export type MonthlyPhase = 'reminder' | 'rollup';

/** Who a scheduled message goes to: every active group subscribed to that content (群聊 · 推送内容). */
export interface PostTarget {
  subscription: Subscription;
  /** Only that county's groups (全市: the city's); absent: every subscribed group. */
  county?: string;
}

/** Lets the outbound side drop a message it already queued when a crashed run is retried. */
export interface PostMeta {
  /** Stable for the same run of the same job and period: `${job}:${period}:${n}` (+ `:r<k>` when forced). */
  dedupeKey: string;
  job: JobName;
  period: string;
}

/**
 * Sends one reply to every active group subscribed to the target (through the outbound queue).
 * May resolve with the number of groups it was queued for; anything else counts as one post.
 */
export type PostFn = (target: PostTarget, reply: Reply, meta: PostMeta) => Promise<unknown>;

export interface JobContext {
  job: JobName;
  /** The local date (BOT_TIMEZONE) the run is for. */
  date: string;
  /** The idempotency period: '2021-08-16', '2021-W33', '2021-08', '2021-08:reminder:2021-08-20' … */
  period: string;
  /**
   * The month the content is about: the date's month for daily/weekly/monthly/reminders/escalations,
   * the previous month for the bulletin (通报 in early September reports August).
   */
  month: string;
  /** monthly only. */
  phase?: MonthlyPhase;
  /** true when `npm run job -- … --force` re-runs a period that was already posted. */
  forced: boolean;
  /** `npm run job -- … --dry-run`: build the content, store nothing. */
  dryRun?: boolean;
  config: Config;
  clock: Clock;
  log: Logger;
  calendar: WorkCalendar;
  redis: Redis;
  data: Data;
  /** Posts to every group subscribed to `target.subscription`; resolves with the number of groups. */
  post(target: PostTarget, reply: Reply): Promise<number>;
}

export interface JobOutcome {
  /** Messages (or groups) posted. */
  posted: number;
  /** One line for the log and the `npm run job` output. */
  summary: string;
}

export type JobRunner = (ctx: JobContext) => Promise<JobOutcome>;

export interface JobDefinition {
  name: JobName;
  /** 中文 name for messages: 日报, 周报 … */
  title: string;
  /** Local time HH:MM (BOT_TIMEZONE) at which the scheduler fires. */
  time(config: Config): string;
  /** Is this local date a run day? */
  due(date: string, cal: WorkCalendar, config: Config): boolean;
  /** Idempotency key: one run per job and period. Defined for every date, due or not. */
  period(date: string, cal: WorkCalendar, config: Config): string;
  /** Extra context for the run (month, phase). */
  scope(date: string, cal: WorkCalendar, config: Config): { month: string; phase?: MonthlyPhase };
  /** true for jobs that only ever run on working days: `npm run job` skips them on days off. */
  workdaysOnly: boolean;
  run: JobRunner;
}

/** Everything a job run needs from outside; the same object serves the scheduler and the CLI. */
export interface JobDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  data: Data;
  post: PostFn;
  /** Builds the working-day calendar (with current overrides); called once per run. */
  calendar(): Promise<WorkCalendar>;
  /** Identifies this process in JobRun records. */
  instanceId: string;
  /** Counts runs by job and outcome (the bot's /metrics). */
  metrics?: Metrics;
}
