/**
 * Composition root shared by `npm start`, the scripts and the tests: connects the stores, builds
 * every service with its dependencies passed in, and returns something that can start and stop.
 */
import type { Server } from 'node:http';
import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import type Koa from 'koa';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { createData, type Data } from './data/index.ts';
import { createHttpApp, type ReadyCheck, type ReadyDetail } from './http/server.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { connectMongo, disconnectMongo, mongoReachable } from './store/mongo.ts';
import { connectRedis, redisReachable } from './store/redis.ts';

export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  redis: Redis;
  /** The data layer: every read and write of the store goes through it. */
  data: Data;
  app: Koa;
  router: Router;
  /** This process's Prometheus registry and counters (served at /metrics). */
  metrics: Metrics;
  /** Adds a section to /readyz (informational: readiness stays MongoDB and Redis). */
  addReadyDetail(detail: ReadyDetail): void;
  /** Adds a condition of readiness, shown by name in /readyz (503 while false). */
  addReadyCheck(name: string, check: ReadyCheck): void;
  /** Listens on config.PORT (0 = a free port); resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, lets in-flight requests and jobs finish, closes connections. */
  stop(): Promise<void>;
  /** Hooks that features register to run on stop, newest first. */
  onStop(fn: () => Promise<void> | void): void;
}

export async function createRuntime(opts: {
  config: Config;
  log: Logger;
  mongoUri: string;
  clock?: Clock;
  metrics?: Metrics;
}): Promise<Runtime> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  await connectMongo(opts.mongoUri);
  const redis = await connectRedis(config.REDIS_URL);
  const data = createData({ log, county: config.COUNTY });
  const metrics = opts.metrics ?? createMetrics();
  const { app, router, addReadyDetail, addReadyCheck } = createHttpApp({
    log,
    metrics,
    ready: async () => ({ mongodb: await mongoReachable(), redis: await redisReachable(redis) }),
  });
  const stopHooks: Array<() => Promise<void> | void> = [];
  let server: Server | undefined;

  const runtime: Runtime = {
    config,
    log,
    clock,
    redis,
    data,
    app,
    router,
    metrics,
    addReadyDetail,
    addReadyCheck,
    onStop: (fn) => {
      stopHooks.unshift(fn);
    },
    listen: () =>
      new Promise((resolve, reject) => {
        const s = app.listen(config.PORT, config.HOST);
        s.once('error', reject);
        s.once('listening', () => {
          server = s;
          const addr = s.address();
          resolve(typeof addr === 'object' && addr ? addr.port : config.PORT);
        });
      }),
    stop: async () => {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections();
        });
      }
      for (const hook of stopHooks) {
        try {
          await hook();
        } catch (err) {
          log.warn({ err }, 'stop hook failed');
        }
      }
      redis.disconnect();
      await disconnectMongo();
    },
  };
  return runtime;
}
