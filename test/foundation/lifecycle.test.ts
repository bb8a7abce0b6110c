/**
 * The process lifecycle of `npm start` and the embedded store, run as a user runs it: `npm start`
 * (build, then exec node dist/src/main.js) in a temporary DATA_DIR on a free PORT, signalled
 * through the npm process, with the live processes read from /proc afterwards.
 *
 * The embedded store is shared by every bot on one DATA_DIR and started detached, so a bot killed
 * with -9 does not take another bot's store with it; a bot that stops tells the store it is leaving,
 * and the store exits when no client remains (or after a grace period with none, see embedded.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { freePort, waitForPort } from '../../src/store/ferretdb.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import {
  type NpmBot,
  processesMentioning,
  runNpmStartExpectingExit,
  startNpmBot,
} from '../helpers/bot-process.ts';
import { testServices } from '../helpers/services.ts';

const TOKEN = 'lifeToken42';
const AES_KEY = 'LifecycleAESkey0123456789abcdefghijklmnopqr';
const dirs: string[] = [];
const running: NpmBot[] = [];
let api: FakeWecomApi | undefined;

function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'xmdd-life-'));
  dirs.push(d);
  return d;
}

function botEnv(dir: string): Record<string, string> {
  const svc = testServices();
  return {
    DATA_DIR: dir,
    FERRETDB_BIN: inject('ferretdbBin'),
    REDIS_URL: svc.redisUrl,
    REDIS_KEY_PREFIX: svc.prefix,
    SCHEDULER: '0',
    NODE_ENV: 'test',
  };
}

async function start(env: Record<string, string>): Promise<NpmBot> {
  const bot = await startNpmBot(env);
  running.push(bot);
  return bot;
}

function storeState(dir: string): { pid: number; port: number } | undefined {
  const f = path.join(dir, 'ferretdb.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  // A failed test must not leave its bots or stores behind for the next one.
  for (const bot of running.splice(0)) {
    if (bot.npm.exitCode === null) bot.npm.kill('SIGKILL');
    try {
      process.kill(bot.botPid(), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of dirs) {
    for (const p of processesMentioning(d)) process.kill(p.pid, 'SIGKILL');
  }
});

afterAll(async () => {
  await api?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('npm start and the embedded store', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm process stops the bot and the store it started, leaving no process`, async () => {
      const dir = dataDir();
      const bot = await start(botEnv(dir));
      expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
      const store = storeState(dir)!;
      const botPid = bot.botPid();
      expect(alive(store.pid) && alive(botPid)).toBe(true);
      expect(processesMentioning(dir).map((p) => p.pid)).toEqual(expect.arrayContaining([botPid, store.pid]));

      bot.npm.kill(signal);
      expect(await bot.exited).toBe(0);
      expect(bot.output()).toContain('Stopped.');
      expect(processesMentioning(dir)).toEqual([]);
      expect(storeState(dir)).toBeUndefined();
    }, 120_000);
  }

  it('with Redis down, fails at once with one line saying how to start Redis, and starts no store', async () => {
    const dir = dataDir();
    const closed = await freePort();
    const { code, out, ms } = await runNpmStartExpectingExit({
      ...botEnv(dir),
      REDIS_URL: `redis://127.0.0.1:${closed}`,
    });
    expect(code).not.toBe(0);
    const ours = out.split('\n').filter((l) => l.includes('redis_unavailable'));
    expect(ours, out).toHaveLength(1);
    expect(ours[0]).toContain(`Cannot reach Redis at redis://127.0.0.1:${closed} (connect ECONNREFUSED`);
    expect(ours[0]).toContain('redis-server --daemonize yes');
    expect(out).not.toContain('Connection is closed');
    // Checked before the store: nothing was started or even created under DATA_DIR.
    expect(existsSync(path.join(dir, 'ferretdb'))).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);

  it('a start that fails after starting the store (PORT in use) stops that store', async () => {
    const dir = dataDir();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { code, out } = await runNpmStartExpectingExit({ ...botEnv(dir), PORT: String(port) });
      expect(code).not.toBe(0);
      expect(out).toContain('Store: embedded FerretDB');
      expect(out).toMatch(/EADDRINUSE/);
      expect(processesMentioning(dir)).toEqual([]);
      expect(storeState(dir)).toBeUndefined();
    } finally {
      taken.close();
    }
  }, 120_000);

  it('the store outlives a bot killed with -9 while another bot uses it; the next start reuses it', async () => {
    const dir = dataDir();
    api = await startFakeWecomApi();
    api.addKey('life-key');
    const env = {
      ...botEnv(dir),
      WECOM_TOKEN: TOKEN,
      WECOM_ENCODING_AES_KEY: AES_KEY,
      WECOM_API_BASE: api.base,
    };
    const first = await start(env);
    const store = storeState(dir)!;
    const second = await start(env);
    expect(second.output()).toContain(`pid ${store.pid}, already running`);

    process.kill(first.botPid(), 'SIGKILL');
    await first.exited;
    // FerretDB's output goes to DATA_DIR/ferretdb.log, not to a pipe into the dead bot: it keeps
    // running (and logging) and serves the other bot.
    expect(alive(store.pid)).toBe(true);
    const client = createCallbackClient({ baseUrl: second.base, token: TOKEN, aesKey: AES_KEY });
    for (let i = 0; i < 5; i++) {
      const r = await client.sendText({
        userId: 'lisi',
        chatId: 'wrLife',
        webhookKey: 'life-key',
        text: '帮助',
      });
      expect(r.status).toBe(200);
      expect(r.reply?.content ?? '').toContain('帮助');
    }
    expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
    expect(alive(store.pid)).toBe(true);
    // The messages were stored before they were answered: read them back from the store itself.
    const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${store.port}/xmdd`).asPromise();
    try {
      expect(await conn.db!.collection('inboundmessages').countDocuments({ chatId: 'wrLife' })).toBe(5);
    } finally {
      await conn.close();
    }

    const third = await start(env);
    expect(third.output()).toContain(`pid ${store.pid}, already running`);
    expect((await fetch(`${third.base}/readyz`)).status).toBe(200);

    // One leaves: the other still uses the store, which stays.
    second.npm.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(alive(store.pid)).toBe(true);
    expect((await fetch(`${third.base}/readyz`)).status).toBe(200);
    // The last one leaves: nothing remains.
    third.npm.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(processesMentioning(dir)).toEqual([]);
  }, 180_000);
});

describe('the store wrapper on its own', () => {
  function spawnStore(dir: string, port: number, idle: string): ChildProcess {
    return spawn(
      inject('ferretdbBin'),
      [
        '--listen-addr',
        `127.0.0.1:${port}`,
        '--sqlite-dir',
        path.join(dir, 'ferretdb'),
        '--idle-exit-after',
        idle,
      ],
      { stdio: 'ignore' },
    );
  }
  const exitOf = (c: ChildProcess) =>
    new Promise<number | null>((resolve) =>
      c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code)),
    );

  it('exits after its idle grace period once nobody is connected, not while somebody is', async () => {
    const dir = dataDir();
    const port = await freePort();
    const child = spawnStore(dir, port, '2s');
    await waitForPort(port, 30_000, child);
    const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/idle`).asPromise();
    await new Promise((r) => setTimeout(r, 4000));
    expect(child.exitCode).toBeNull();
    await conn.db!.collection('x').insertOne({ a: 1 });
    await conn.close();
    const t = Date.now();
    expect(await exitOf(child)).toBe(0);
    expect(Date.now() - t).toBeLessThan(10_000);
  }, 60_000);

  it('a second wrapper on the same directory refuses to start (exit 3)', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = spawnStore(dir, port, '0');
    await waitForPort(port, 30_000, first);
    const second = spawnStore(dir, await freePort(), '0');
    expect(await exitOf(second)).toBe(3);
    first.kill('SIGTERM');
    expect(await exitOf(first)).toBe(0);
  }, 60_000);
});
