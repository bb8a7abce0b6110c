/**
 * Stores the fault tests can break: a redis-server and a FerretDB of the test's own (so stopping
 * them does not disturb other test files), the env that points a real bot process at them, and
 * the library every scenario uses (test/reports seedLibrary: zhangwei → 贺巴, zhouqi → 福六, …).
 * No vitest imports: scripts/faults-*.ts reuse it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startFerretdb, waitForPort } from '../../src/store/ferretdb.ts';

export const TOKEN = 'faultToken42';
export const AES_KEY = 'FaultsAESkey0123456789abcdefghijklmnopqrstu';

/** A stoppable, restartable redis-server on a fixed free port. */
export interface OwnRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const r: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await waitForPort(port, 10_000);
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
  await r.start();
  return r;
}

/** A stoppable FerretDB on its own SQLite directory; restarts on the same port with the same data. */
export interface OwnStore {
  uri: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function ownStore(bin: string): Promise<OwnStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-faults-fdb-'));
  const port = await freePort();
  let running: { stop(): Promise<void> } | undefined;
  const s: OwnStore = {
    uri: `mongodb://127.0.0.1:${port}/faults`,
    async start() {
      running = await startFerretdb({ bin, dir, port });
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async remove() {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await s.start();
  return s;
}

/** The environment of a real bot process on these stores, answering the fake WeCom API. */
export function botEnv(o: {
  mongoUri: string;
  redisUrl: string;
  apiBase: string;
  prefix?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: o.mongoUri,
    REDIS_URL: o.redisUrl,
    REDIS_KEY_PREFIX: o.prefix ?? `f${randomBytes(3).toString('hex')}:`,
    WECOM_TOKEN: TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: o.apiBase,
    SCHEDULER: '0',
    USER_RATE_PER_MIN: '1000',
    ...o.extra,
  };
}

/** Reporters and the project each reports on (test/reports seedLibrary). */
export const REPORTERS = [
  { userId: 'zhangwei', project: '贺巴高速', code: 'XC-JT-001' },
  { userId: 'zhouqi', project: '福六水库', code: 'XC-SL-001' },
  { userId: 'lin', project: '茧丝绸产业园', code: 'XC-GY-001' },
  { userId: 'mo', project: '三江口新区', code: 'XC-GY-002' },
] as const;

export const keyOf = (userId: string) => `k-${userId}`;
export const chatOf = (userId: string) => `wrFault${userId}`;

export async function until(
  cond: () => boolean | Promise<boolean>,
  ms = 10_000,
  what = 'condition',
  everyMs = 50,
) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
