/**
 * Starts the real services every test file talks to: a FerretDB of its own (temporary SQLite
 * directory, free port) and a redis-server of its own on a free port. Fails loudly when either
 * cannot start: no test suite may skip because a service is missing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureFerretdbBinary, freePort, startFerretdb, waitForPort } from '../src/store/ferretdb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
    ferretdbBin: string;
  }
}

let stopAll: Array<() => Promise<void> | void> = [];

export async function setup(project: TestProject): Promise<void> {
  const bin = await ensureFerretdbBinary({ progress: (l) => console.log(`[test setup] ${l}`) });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-test-fdb-'));
  const fdb = await startFerretdb({ bin, dir });
  stopAll.push(async () => {
    await fdb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const redisUrl = await startRedis();
  project.provide('mongoUri', fdb.uri);
  project.provide('redisUrl', redisUrl);
  project.provide('ferretdbBin', bin);
  console.log(`[test setup] FerretDB ${fdb.uri}  Redis ${redisUrl}`);
}

export async function teardown(): Promise<void> {
  for (const stop of stopAll.reverse()) await stop();
  stopAll = [];
}

async function startRedis(): Promise<string> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'redis-server is not installed: the tests need a real Redis (apt-get install redis-server)',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 10_000);
  stopAll.push(
    () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  return `redis://127.0.0.1:${port}`;
}
