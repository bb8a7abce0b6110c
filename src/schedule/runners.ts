/**
 * Job content for the scheduler (src/schedule): one runner per job, each building its replies and
 * posting them to the groups subscribed to the matching 推送内容.
 *
 * @example
 *   import { defineJobs } from './registry.ts';
 *   import { jobRunners } from './runners.ts';
 *   defineJobs(jobRunners());
 */

import { renderBarChart } from '../charts/bar-chart.ts';
import { countiesServed, countyView } from '../data/county-view.ts';
import { CITY } from '../domain/county.ts';
import type { Reply } from '../domain/messages.ts';
import type { Subscription } from '../domain/vocabulary.ts';
import { buildAgenda } from '../jobs/agenda.ts';
import { buildBulletin } from '../jobs/bulletin.ts';
import { buildCityBulletin } from '../jobs/city-bulletin.ts';
import { buildDaily } from '../jobs/daily.ts';
import type { BarChartRenderer, ContentEnv } from '../jobs/env.ts';
import { cityEscalations, runEscalations } from '../jobs/escalations.ts';
import { buildHolidayNotice } from '../jobs/holidays.ts';
import { buildMonthlyReminder, buildMonthlyRollup } from '../jobs/monthly.ts';
import { buildReminders } from '../jobs/reminders.ts';
import { buildWeekly } from '../jobs/weekly.ts';
import type { JobContext, JobName, JobOutcome, JobRunner } from './types.ts';

export const JOB_SUBSCRIPTION: Record<JobName, Subscription> = {
  daily: '日报',
  weekly: '周报',
  monthly: '月报',
  bulletin: '通报',
  reminders: '提醒',
  escalations: '提醒',
  // The agenda goes where the 通报 goes: the 重大办 and the county leaders.
  agenda: '通报',
  // The office imports the holidays; the 通报 groups are where the 重大办 reads.
  holidays: '通报',
};

const envOf = (ctx: JobContext): ContentEnv => ({
  config: ctx.config,
  calendar: ctx.calendar,
  clock: ctx.clock,
  data: ctx.data,
});

async function postAll(ctx: JobContext, replies: Reply[], what: string): Promise<JobOutcome> {
  let posted = 0;
  for (const reply of replies) posted += await ctx.post({ subscription: JOB_SUBSCRIPTION[ctx.job] }, reply);
  return {
    posted,
    summary: replies.length ? `${what}：${replies.length}条消息，发送${posted}次` : `${what}：无内容`,
  };
}

/**
 * A deployment of several counties: each county's content, built from its view of the data, goes to
 * its own groups; `city` adds what the city's groups get. One county: as it always was.
 */
async function byCounty(
  ctx: JobContext,
  build: (env: ContentEnv) => Promise<Reply[]>,
  what: string,
  city?: (env: ContentEnv) => Promise<Reply[]>,
): Promise<JobOutcome> {
  const counties = await countiesServed(ctx.data);
  if (!counties) return postAll(ctx, await build(envOf(ctx)), what);
  const subscription = JOB_SUBSCRIPTION[ctx.job];
  let posted = 0;
  let messages = 0;
  const send = async (county: string, replies: Reply[]) => {
    for (const reply of replies) posted += await ctx.post({ subscription, county }, reply);
    messages += replies.length;
  };
  for (const county of counties) {
    await send(county, await build({ ...envOf(ctx), data: countyView(ctx.data, county), county }));
  }
  if (city) await send(CITY, await city(envOf(ctx)));
  return {
    posted,
    summary: messages ? `${what}：${messages}条消息，发送${posted}次` : `${what}：无内容`,
  };
}

export function jobRunners(deps: { renderChart?: BarChartRenderer } = {}): Record<JobName, JobRunner> {
  const renderChart = deps.renderChart ?? renderBarChart;
  return {
    daily: async (ctx) => byCounty(ctx, (env) => buildDaily(env, ctx.date), `日报 ${ctx.date}`),
    weekly: async (ctx) => byCounty(ctx, (env) => buildWeekly(env, ctx.date), `周报 ${ctx.period}`),
    monthly: async (ctx) =>
      ctx.phase === 'reminder'
        ? byCounty(ctx, (env) => buildMonthlyReminder(env, ctx.month, ctx.date), `月调度提醒 ${ctx.month}`)
        : byCounty(ctx, (env) => buildMonthlyRollup(env, ctx.month), `月调度 ${ctx.month}`),
    bulletin: async (ctx) =>
      byCounty(
        ctx,
        (env) =>
          buildBulletin(env, ctx.month, {
            renderChart,
            today: ctx.date,
            supervise: ctx.dryRun ? 'preview' : true,
          }),
        `通报 ${ctx.month}`,
        (env) => buildCityBulletin(env, ctx.month, { renderChart, today: ctx.date }),
      ),
    reminders: async (ctx) => byCounty(ctx, (env) => buildReminders(env, ctx.date), `到期提醒 ${ctx.date}`),
    escalations: async (ctx) =>
      byCounty(
        ctx,
        (env) => runEscalations(env, ctx.date),
        `逾期升级 ${ctx.date}`,
        (env) => cityEscalations(env, ctx.date),
      ),
    agenda: async (ctx) => byCounty(ctx, (env) => buildAgenda(env, ctx.date), `协调会议程 ${ctx.date}`),
    holidays: async (ctx) => {
      const year = Number(ctx.date.slice(0, 4)) + 1;
      const replies = await buildHolidayNotice(envOf(ctx), ctx.date);
      if (!replies.length) return { posted: 0, summary: `${year}年节假日安排已有，无需提醒` };
      return postAll(ctx, replies, `${year}年节假日提醒`);
    },
  };
}
