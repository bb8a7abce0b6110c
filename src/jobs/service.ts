/**
 * The summaries as a service for chat (日报 / 周报 / 月报 / 通报, 协调会 议程, 导出 台账): the same
 * builders the scheduler runs, so a summary asked for in chat reads exactly like the posted one.
 */

import { localDate } from '../calendar/dates.ts';
import { loadWorkCalendar } from '../calendar/load.ts';
import type { WorkCalendar } from '../calendar/work-calendar.ts';
import { renderBarChart } from '../charts/bar-chart.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { countiesServed, countyView } from '../data/county-view.ts';
import type { Data } from '../data/index.ts';
import type { Scope } from '../domain/county.ts';
import type { Reply } from '../domain/messages.ts';
import { buildLedgerWorkbook } from '../export/ledger.ts';
import type { Logger } from '../logger.ts';
import { buildAgenda } from './agenda.ts';
import { buildBulletin } from './bulletin.ts';
import { type CountyRow, computeCityBulletin } from './bulletin-data.ts';
import { buildCityBulletin } from './city-bulletin.ts';
import { buildDaily } from './daily.ts';
import type { BarChartRenderer, ContentEnv } from './env.ts';
import { buildMonthlyRollup } from './monthly.ts';
import { buildWeekly } from './weekly.ts';

/**
 * `scope`: where it was asked (src/services/scope.ts). In a deployment of several counties a county
 * group gets its county's summary, as its groups are posted; a city group the city 通报. One county:
 * as always.
 */
export interface SummaryService {
  daily(date: string, scope?: Scope): Promise<Reply[]>;
  weekly(date: string, scope?: Scope): Promise<Reply[]>;
  /** The month's roll-up (月调度). */
  monthly(month: string, scope?: Scope): Promise<Reply[]>;
  bulletin(month: string, today: string, scope?: Scope): Promise<Reply[]>;
  agenda(today: string, scope?: Scope): Promise<Reply[]>;
  /** The 统计台账 workbook of a month. */
  ledger(month: string): Promise<Buffer>;
  /** A county's figures as of `today` (查 <县区> in a city group); null: no such county. */
  county(county: string, today: string): Promise<CountyRow | null>;
}

export interface SummaryServiceDeps {
  config: Config;
  data: Data;
  clock: Clock;
  log: Logger;
  /** Default: the stored 节假日 overrides on the official calendar, loaded per call. */
  calendar?: () => Promise<WorkCalendar>;
  renderChart?: BarChartRenderer;
}

export function createSummaryService(deps: SummaryServiceDeps): SummaryService {
  const calendar =
    deps.calendar ?? (() => loadWorkCalendar({ log: deps.log, holidays: deps.data.settings.holidays }));
  const renderChart = deps.renderChart ?? renderBarChart;
  const env = async (scope?: Scope): Promise<ContentEnv> => {
    const base = { config: deps.config, clock: deps.clock, data: deps.data, calendar: await calendar() };
    const county = scope?.county;
    if (!county || !(await countiesServed(deps.data))) return base;
    return { ...base, data: countyView(deps.data, county), county };
  };
  const inCity = async (scope?: Scope) => scope?.county === null && Boolean(await countiesServed(deps.data));
  return {
    daily: async (date, scope) => buildDaily(await env(scope), date),
    weekly: async (date, scope) => buildWeekly(await env(scope), date),
    monthly: async (month, scope) => buildMonthlyRollup(await env(scope), month),
    bulletin: async (month, today, scope) =>
      (await inCity(scope))
        ? buildCityBulletin(await env(), month, { renderChart, today })
        : buildBulletin(await env(scope), month, { renderChart, today }),
    agenda: async (today, scope) => buildAgenda(await env(scope), today),
    async county(county, today) {
      const city = await computeCityBulletin(deps.data, deps.config, today.slice(0, 7), today);
      return city.counties.find((c) => c.county === county) ?? null;
    },
    ledger: (month) =>
      buildLedgerWorkbook(deps.data, month, {
        timeZone: deps.config.BOT_TIMEZONE,
        today: localDate(deps.clock.now(), deps.config.BOT_TIMEZONE),
      }),
  };
}
