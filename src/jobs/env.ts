import type { WorkCalendar } from '../calendar/work-calendar.ts';
import type { BarChartOptions } from '../charts/bar-chart.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';

/** What the content builders read besides the database. */
export interface ContentEnv {
  config: Pick<
    Config,
    | 'BOT_TIMEZONE'
    | 'REPORT_DEADLINE_DAY'
    | 'RAG_YELLOW_GAP'
    | 'RAG_RED_GAP'
    | 'DUE_SOON_DAYS'
    | 'ESCALATE_AFTER_DAYS'
    | 'PROBLEM_DEADLINE_DAYS'
    | 'ESCALATION_DEADLINE_DAYS'
    | 'BOT_TIMEZONE'
  >;
  calendar: WorkCalendar;
  /** Stamps history entries (lastRemindedAt, escalations). */
  clock: Clock;
  data: Data;
  /** In a deployment of several counties: the county the content is for (data is its view). */
  county?: string;
}

/** The bar chart renderer (src/charts renderBarChart), passed in so tests and callers can swap it. */
export type BarChartRenderer = (spec: BarChartOptions) => Buffer | Promise<Buffer>;
