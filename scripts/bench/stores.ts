/**
 * A benchmark's own stores: a FerretDB on a temporary SQLite directory and a redis-server on a free
 * port, both on 127.0.0.1, removed when the benchmark ends (normally, on Ctrl-C, or at its deadline).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, freePort, startFerretdb, waitForPort } from '../../src/store/ferretdb.ts';

export interface BenchStores {
  ferretdbPid: number;
  redisPid: number;
  mongoUri: string;
  redisUrl: string;
  stop(): Promise<void>;
}

export async function startBenchStores(label: string): Promise<BenchStores> {
  const bin = await ensureFerretdbBinary({ progress: (l) => console.log(`  ${l}`) });
  const dir = mkdtempSync(path.join(os.tmpdir(), `xmdd-${label}-fdb-`));
  // BENCH_PPROF_ADDR=127.0.0.1:6060: take the store's CPU profile with `go tool pprof` during a run.
  const fdb = await startFerretdb({ bin, dir, pprofAddr: process.env.BENCH_PPROF_ADDR });
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    await fdb.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error('redis-server is not installed (apt-get install redis-server)');
  }
  const port = await freePort();
  const redis: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPort(port, 10_000);
  // Last resort when the process dies without running the async cleanup: leave nothing behind.
  process.once('exit', () => {
    for (const pid of [fdb.pid, redis.pid ?? 0]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  let stopped = false;
  return {
    ferretdbPid: fdb.pid,
    redisPid: redis.pid ?? 0,
    mongoUri: `${fdb.uri}bench`,
    redisUrl: `redis://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (redis.exitCode === null) {
        await new Promise<void>((resolve) => {
          redis.once('exit', () => resolve());
          redis.kill('SIGTERM');
        });
      }
      await fdb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `main` with cleanup on every way out: a hard deadline (the benchmark prints what it reached
 * and stops by itself), SIGINT/SIGTERM, or an error.
 */
export function runBench(
  main: (cleanup: (fn: () => Promise<void>) => void) => Promise<void>,
  deadlineS: number,
): void {
  const hooks: Array<() => Promise<void>> = [];
  let exiting = false;
  const finish = async (code: number, why?: string) => {
    if (exiting) return;
    exiting = true;
    if (why) console.log(`\n${why}`);
    // A bot stopping with a backlog (webhook replies held by WeCom's 20-a-minute limit) could take
    // many minutes: cleanup gets 20 s, then the exit hook kills the stores.
    const cap = setTimeout(() => process.exit(code), 20_000);
    for (const fn of hooks.reverse()) await fn().catch((err) => console.error('cleanup failed:', err));
    clearTimeout(cap);
    process.exit(code);
  };
  const timer = setTimeout(
    () => void finish(3, `Deadline of ${deadlineS} s reached: stopping; results above are what was reached.`),
    deadlineS * 1000,
  );
  timer.unref();
  process.on('SIGINT', () => void finish(130, 'Interrupted.'));
  process.on('SIGTERM', () => void finish(143, 'Terminated.'));
  main((fn) => hooks.push(fn)).then(
    () => finish(0),
    (err) => {
      console.error(err);
      void finish(1);
    },
  );
}
