/**
 * Everything the bot process runs on top of the stores: the outbound queue and its worker, the
 * services, the bot app, the inbound pipeline behind the WeCom receivers and the 智能机器人 long
 * connection, and the scheduler. `npm start` and the end-to-end tests call the same function.
 */
import type { BotApp } from './bot/app.ts';
import { createServices, type Services } from './bot/services.ts';
import { createDispatcher } from './bot/wire.ts';
import { countiesServed, countyView } from './data/county-view.ts';
import { outboundStatus } from './http/outbound-status.ts';
import { createInboundPipeline, type InboundPipeline } from './inbound/pipeline.ts';
import { createOutbound, type Outbound, type OutboundOptions } from './outbound/outbound.ts';
import type { Runtime } from './runtime.ts';
import { type SandboxOptions, startSandbox } from './sandbox/index.ts';
import { attachScheduler } from './schedule/attach.ts';
import { notifierPost } from './schedule/post.ts';
import type { Scheduler } from './schedule/scheduler.ts';
import type { SendToGroup } from './services/notifier.ts';
import {
  type AibotWs,
  type AibotWsOverrides,
  aibotWsReady,
  createAibotWs,
  openLongConnection,
  readyView,
} from './wecom/aibot-ws/index.ts';
import { mountWecom } from './wecom/mount.ts';

export interface Bot {
  services: Services;
  outbound: Outbound;
  app: BotApp;
  pipeline: InboundPipeline;
  scheduler: Scheduler;
  /** The 智能机器人 long connection, when WECOM_AIBOT_ID / SECRET are set. */
  longConnection?: AibotWs;
}

export async function wireBot(
  runtime: Runtime,
  opts: {
    outbound?: Partial<OutboundOptions>;
    longConnection?: AibotWsOverrides;
    /** Only with BOT_SANDBOX: what `npm run sandbox` started for the page (the fake gateway). */
    sandbox?: SandboxOptions;
  } = {},
): Promise<Bot> {
  const { config, log, clock, redis, data } = runtime;
  // BOT_SANDBOX: WeCom's API is a local fake the sandbox page reads; nothing leaves the machine.
  const sandbox = config.BOT_SANDBOX ? await startSandbox(runtime, opts.sandbox) : undefined;
  const { metrics } = runtime;
  const outbound = createOutbound({
    config: sandbox?.config ?? config,
    log,
    clock,
    data,
    metrics,
    ...opts.outbound,
  });
  metrics.watchQueueDepth(() => outbound.pending());
  runtime.addReadyDetail(() => outboundStatus(outbound, data));
  const send: SendToGroup = (target, reply, o) => outbound.send(target, reply, o);
  const services = createServices({ config, clock, log, data, send });
  // County-scoped queries in a county group read through that county's view (one set per county).
  const byCounty = new Map<string, Services>();
  const servicesIn = async (county: string): Promise<Services | undefined> => {
    if (!(await countiesServed(data))) return undefined;
    let scoped = byCounty.get(county);
    if (!scoped) {
      scoped = createServices({ config, clock, log, data: countyView(data, county), send });
      byCounty.set(county, scoped);
    }
    return scoped;
  };
  const app = createDispatcher({ config, clock, log, redis, services, servicesIn });
  const pipeline = createInboundPipeline({
    config,
    log,
    redis,
    clock,
    data,
    outbound,
    metrics,
    dispatch: (m) => app.dispatch(m),
  });
  mountWecom({ router: runtime.router, config, clock, pipeline });

  // Problems stored before every problem had a deadline get theirs once, before the scheduler's
  // catch-up runs remind or escalate anything.
  await services.problems
    .fillMissingDeadlines()
    .catch((err) => log.error({ err }, 'setting the missing problem deadlines failed'));

  await outbound.start();
  // Stop order (onStop runs newest first): scheduler, the long connection (no new frames; its pieces
  // wait in Redis for the next holder), then in-flight messages, then the queue.
  runtime.onStop(() => outbound.stop());
  runtime.onStop(() => pipeline.drain());
  const longConnection = createAibotWs({ config, redis, log, overrides: opts.longConnection });
  if (longConnection) {
    const way = openLongConnection({
      ws: longConnection,
      config,
      redis,
      log,
      pipeline,
      outbound,
      names: (ids) => data.library.personNames(ids),
    });
    runtime.onStop(() => way.stop());
    const state = longConnection.connection.state;
    metrics.watchLongConnection(() => {
      const s = state.snapshot();
      return { status: s.status, holder: s.holder, counters: { ...s.counters } };
    });
    runtime.addReadyDetail(async () => ({
      longConnection: {
        ...readyView(state.snapshot()),
        pending: await outbound.aibot.pending().catch(() => null),
      },
    }));
    // The only way in: without it nobody can reach the bot, so it decides readiness (standby counts).
    if (!config.wecomConfigured && !config.aibotConfigured) {
      runtime.addReadyCheck('longConnectionReady', async () => aibotWsReady(state.snapshot()));
    }
  }
  const scheduler = await attachScheduler(runtime, { post: notifierPost(services.notifier) });

  // Messages acknowledged before a crash but never processed: finish them now, in the background.
  void pipeline.recoverPending().then(
    (n) => n && log.warn({ recovered: n }, 'processed messages left over from before a restart'),
    (err) => log.error({ err }, 'recovering pending messages failed'),
  );
  const bot = { services, outbound, app, pipeline, scheduler, longConnection };
  sandbox?.mount(bot);
  return bot;
}
