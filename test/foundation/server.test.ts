import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort, waitForPort } from '../../src/store/ferretdb.ts';
import { runBotExpectingExit, startBot } from '../helpers/bot-process.ts';
import { testServices } from '../helpers/services.ts';

describe('the bot process', () => {
  it('starts on given stores, answers /healthz and /readyz, and exits 0 on SIGTERM', async () => {
    const svc = testServices();
    const bot = await startBot({
      MONGODB_URI: svc.mongoUri,
      REDIS_URL: svc.redisUrl,
      REDIS_KEY_PREFIX: svc.prefix,
    });
    try {
      expect(bot.output()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(bot.output()).toContain('/wecom/callback');
      const health = await fetch(`${bot.base}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${bot.base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ok: true, mongodb: true, redis: true });
    } finally {
      expect(await bot.stop('SIGTERM')).toBe(0);
    }
    expect(bot.output()).toContain('Stopped.');
  });

  it('starts the embedded FerretDB under DATA_DIR when MONGODB_URI is not set', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-data-'));
    const svc = testServices();
    const bot = await startBot({
      DATA_DIR: dataDir,
      FERRETDB_BIN: inject('ferretdbBin'),
      REDIS_URL: svc.redisUrl,
      REDIS_KEY_PREFIX: svc.prefix,
    });
    try {
      expect(bot.output()).toContain(`embedded FerretDB on SQLite in ${path.join(dataDir, 'ferretdb')}`);
      const ready = await fetch(`${bot.base}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      expect(await bot.stop('SIGINT')).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reports 503 on /readyz while Redis is down', async () => {
    const svc = testServices();
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
      stdio: 'ignore',
    });
    await waitForPort(port, 10_000);
    const bot = await startBot({ MONGODB_URI: svc.mongoUri, REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
      redis.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      const down = await fetch(`${bot.base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, mongodb: true, redis: false });
    } finally {
      redis.kill('SIGKILL');
      await bot.stop('SIGKILL');
    }
  });

  it('stops at start-up with one line naming a bad variable', async () => {
    const { code, out } = await runBotExpectingExit({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(out.trim()).toMatch(/^Invalid configuration: PORT /);
  });

  it('says clearly when Redis is unreachable', async () => {
    const svc = testServices();
    const port = await freePort();
    const { code, out } = await runBotExpectingExit({
      MONGODB_URI: svc.mongoUri,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    expect(out).toMatch(/redis_unavailable: Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
  });
});
