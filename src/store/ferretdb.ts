/**
 * The embedded MongoDB-compatible store: FerretDB v1.24.2 on SQLite, built once from the Go module
 * proxy through the wrapper module in tools/ferretdb (the upstream binary panics when installed
 * from the proxy; see shared/research/test-database.md), cached by the hash of its sources.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inheritedEnv } from '../config.ts';
import { AppError } from '../errors.ts';
import { projectPath } from '../paths.ts';
import { overlaySources, prepareOverlay } from './ferretdb-overlay.ts';

export const FERRETDB_VERSION = 'v1.24.2';
const WRAPPER_DIR = projectPath('tools', 'ferretdb');
const OVERLAY_DIR = path.join(WRAPPER_DIR, 'overlay');

export type Progress = (line: string) => void;

function sourceHash(): string {
  const h = createHash('sha256');
  const sources = readdirSync(WRAPPER_DIR)
    .filter((f) => f === 'go.mod' || f === 'go.sum' || (f.endsWith('.go') && !f.endsWith('_test.go')))
    .sort();
  for (const f of sources) h.update(f).update(readFileSync(path.join(WRAPPER_DIR, f)));
  for (const f of overlaySources(OVERLAY_DIR))
    h.update(`overlay/${f}`).update(readFileSync(path.join(OVERLAY_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

/** Where the built binary lives: outside the work tree so clean clones on one machine share it. */
export function cachedBinaryPath(): string {
  const base = path.join(os.homedir(), '.cache', 'xmdd-bot');
  return path.join(base, `ferretdb-${FERRETDB_VERSION}-${sourceHash()}`);
}

function goAvailable(): boolean {
  const r = spawnSync('go', ['version'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Returns the FerretDB binary, building it (minutes, the first time) when it is not cached. */
export async function ensureFerretdbBinary(
  opts: { bin?: string; progress?: Progress } = {},
): Promise<string> {
  const say = opts.progress ?? (() => {});
  if (opts.bin) {
    if (!existsSync(opts.bin))
      throw new AppError('ferretdb_unavailable', `FERRETDB_BIN ${opts.bin} does not exist`);
    return opts.bin;
  }
  const target = cachedBinaryPath();
  if (existsSync(target)) return target;
  if (!goAvailable()) {
    throw new AppError(
      'go_missing',
      'No MONGODB_URI is set and Go is not installed, so the embedded FerretDB cannot be built. ' +
        'Install Go >= 1.24 (then run `npm run ferretdb:build`) or set MONGODB_URI to a MongoDB server.',
    );
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.building-${process.pid}`;
  say(`Building FerretDB ${FERRETDB_VERSION} from the Go module proxy (first time only, a few minutes)...`);
  const started = Date.now();
  const overlay = await prepareOverlay({
    wrapperDir: WRAPPER_DIR,
    version: FERRETDB_VERSION,
    workDir: `${target}.src-${process.pid}`,
  });
  const overlayArgs = overlay ? [`-modfile=${overlay}`] : [];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('go', ['build', '-v', '-trimpath', ...overlayArgs, '-o', tmp, '.'], {
      cwd: WRAPPER_DIR,
      env: inheritedEnv({ CGO_ENABLED: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let n = 0;
    let tail = '';
    const onData = (buf: Buffer) => {
      for (const line of buf.toString().split('\n')) {
        if (!line.trim()) continue;
        tail = `${tail}\n${line}`.slice(-4000);
        n += 1;
        if (n % 25 === 0)
          say(`  ... ${n} packages (${Math.round((Date.now() - started) / 1000)} s) ${line.trim()}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new AppError('ferretdb_unavailable', `go build of FerretDB failed (exit ${code}):${tail}`));
    });
  });
  renameSync(tmp, target);
  if (overlay) rmSync(path.dirname(overlay), { recursive: true, force: true });
  say(`FerretDB built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new AppError(
        'ferretdb_unavailable',
        `FerretDB exited with code ${child.exitCode} during start-up`,
      );
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError('ferretdb_unavailable', `FerretDB did not open port ${port} within ${timeoutMs} ms`);
}

export interface RunningFerretdb {
  uri: string;
  port: number;
  pid: number;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
}

/**
 * Starts FerretDB on SQLite in `dir` (created if needed) on a free loopback port, as a child of this
 * process (tests and benchmarks; the bot shares a detached one, see embedded.ts).
 */
export async function startFerretdb(opts: {
  bin: string;
  dir: string;
  port?: number;
  /** SQLite's synchronous mode (the wrapper's default is normal). */
  synchronous?: 'normal' | 'full';
  /** Serve Go's pprof on this loopback address (benchmarks only). */
  pprofAddr?: string;
  /** Extra environment, e.g. XMDD_FERRETDB_NO_WRITE_QUEUE=1 to measure without the write queue. */
  env?: Record<string, string>;
}): Promise<RunningFerretdb> {
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const child = spawn(
    opts.bin,
    [
      '--listen-addr',
      `127.0.0.1:${port}`,
      '--sqlite-dir',
      path.resolve(opts.dir),
      ...(opts.synchronous ? ['--sqlite-synchronous', opts.synchronous] : []),
      ...(opts.pprofAddr ? ['--pprof-addr', opts.pprofAddr] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: inheritedEnv(opts.env) },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, 30_000, child);
  } catch (err) {
    child.kill('SIGKILL');
    throw new AppError('ferretdb_unavailable', `${(err as Error).message}\n${stderr}`);
  }
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid: child.pid ?? 0,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
