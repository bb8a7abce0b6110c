/**
 * Shared set-up for the long-connection tests: the fake gateway, the real Redis of the test run
 * (a fresh key prefix per file), and holders built by the same factory the bot uses.
 */
import type { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { connectRedis } from '../../src/store/redis.ts';
import {
  type AibotFrame,
  type AibotWs,
  type AibotWsOverrides,
  createAibotWs,
} from '../../src/wecom/aibot-ws/index.ts';
import {
  type AibotGateway,
  type AibotGatewayOptions,
  startAibotGateway,
} from '../fake-wecom/aibot-gateway.ts';
import { type TestServices, testConfig, testServices } from '../helpers/services.ts';

export const BOT_ID = 'aibTestBot01';
export const SECRET = 'aibTestSecret-0123456789';

/** Fast timings for tests that are not about timing; the SDK's back-off still doubles. */
export const FAST: AibotWsOverrides = {
  connection: {
    leaseMs: 3000,
    standbyPollMs: 300,
    heartbeatMs: 5000,
    reconnectBaseMs: 100,
    maxAuthFailures: 2,
  },
  sender: { frequencyPauseMs: 200 },
};

export interface Holder extends AibotWs {
  frames: AibotFrame[];
  stop(): Promise<void>;
}

export interface AibotTestEnv {
  svc: TestServices;
  redis: Redis;
  gateway: AibotGateway;
  config(env?: Record<string, string>): Config;
  /** A started holder; stopped (lease released) when the file ends, if not before. */
  holder(opts?: { overrides?: AibotWsOverrides; env?: Record<string, string>; start?: boolean }): Holder;
}

export async function aibotTestEnv(gatewayOpts: AibotGatewayOptions = {}): Promise<AibotTestEnv> {
  const svc = testServices();
  const redis = await connectRedis(svc.redisUrl);
  const gateway = await startAibotGateway({ bots: { [BOT_ID]: SECRET }, ...gatewayOpts });
  const holders: Holder[] = [];
  afterAll(async () => {
    for (const h of holders) await h.stop();
    await gateway.close();
    const keys = await redis.keys(`${svc.prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  const config = (env: Record<string, string> = {}) =>
    testConfig(svc, {
      WECOM_AIBOT_ID: BOT_ID,
      WECOM_AIBOT_SECRET: SECRET,
      WECOM_AIBOT_WS_URL: gateway.url,
      ...env,
    });
  return {
    svc,
    redis,
    gateway,
    config,
    holder: (opts = {}) => {
      const c = config(opts.env);
      const ws = createAibotWs({
        config: c,
        redis,
        log: createLogger(c.LOG_LEVEL),
        overrides: opts.overrides ?? FAST,
      });
      if (!ws) throw new Error('long connection not configured');
      const frames: AibotFrame[] = [];
      ws.connection.onFrame((f) => {
        frames.push(f);
      });
      let stopped = false;
      const h: Holder = {
        ...ws,
        frames,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await ws.connection.stop();
        },
      };
      holders.push(h);
      if (opts.start !== false) ws.connection.start();
      return h;
    },
  };
}

/** Polls until `check` returns a value other than undefined/false; fails with `what` after the timeout. */
export async function until<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
