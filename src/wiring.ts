/**
 * Everything the bot process runs on top of the stores: the outbound queue and its worker, the
 * services, the bot app, the inbound pipeline behind the WeCom receivers, and the scheduler.
 * `npm start` and the end-to-end tests call the same function.
 */
import type { BotApp } from './bot/app.ts';
import { createServices, type Services } from './bot/services.ts';
import { createDispatcher } from './bot/wire.ts';
import { outboundStatus } from './http/outbound-status.ts';
import { createInboundPipeline, type InboundPipeline } from './inbound/pipeline.ts';
import { createOutbound, type Outbound, type OutboundOptions } from './outbound/outbound.ts';
import type { Runtime } from './runtime.ts';
import { startSandbox } from './sandbox/index.ts';
import { attachScheduler } from './schedule/attach.ts';
import { notifierPost } from './schedule/post.ts';
import type { Scheduler } from './schedule/scheduler.ts';
import { mountWecom } from './wecom/mount.ts';

export interface Bot {
  services: Services;
  outbound: Outbound;
  app: BotApp;
  pipeline: InboundPipeline;
  scheduler: Scheduler;
}

export async function wireBot(
  runtime: Runtime,
  opts: { outbound?: Partial<OutboundOptions> } = {},
): Promise<Bot> {
  const { config, log, clock, redis, data } = runtime;
  // BOT_SANDBOX: WeCom's API is a local fake the sandbox page reads; nothing leaves the machine.
  const sandbox = config.BOT_SANDBOX ? await startSandbox(runtime) : undefined;
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
  const services = createServices({
    config,
    clock,
    log,
    data,
    send: (target, reply, o) => outbound.send(target, reply, o),
  });
  const app = createDispatcher({ config, clock, log, redis, services });
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
  // Stop order (onStop runs newest first): scheduler, then in-flight messages, then the queue.
  runtime.onStop(() => outbound.stop());
  runtime.onStop(() => pipeline.drain());
  const scheduler = await attachScheduler(runtime, { post: notifierPost(services.notifier) });

  // Messages acknowledged before a crash but never processed: finish them now, in the background.
  void pipeline.recoverPending().then(
    (n) => n && log.warn({ recovered: n }, 'processed messages left over from before a restart'),
    (err) => log.error({ err }, 'recovering pending messages failed'),
  );
  const bot = { services, outbound, app, pipeline, scheduler };
  sandbox?.mount(bot);
  return bot;
}
