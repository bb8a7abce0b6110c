/**
 * The bot's embedded store: one FerretDB per data directory, shared by every bot, script and
 * sandbox on that directory. The first one to need it starts it detached (its own session, output
 * to DATA_DIR/ferretdb.log), so it outlives the process that started it: a bot killed with -9
 * does not take the store of another running bot with it. The wrapper writes DATA_DIR/ferretdb.json
 * ({pid, port}) once it listens and removes it when it exits; later processes reuse it.
 *
 * It stops when nobody uses it any more: a process that is done with it sends SIGUSR1 after closing
 * its connections, and the wrapper exits if no other client is connected; after a crash (nobody
 * left to say so) it exits when it has had no client for IDLE_EXIT_S.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { ensureFerretdbBinary, type Progress } from './ferretdb.ts';

/** How long a store nobody told to stop waits for a client before it exits (a restart reuses it). */
export const IDLE_EXIT_S = 60;
/** The wrapper's exit code when another wrapper already serves the directory. */
const EXIT_ALREADY_RUNNING = 3;
const START_TIMEOUT_MS = 30_000;
const LOG_ROTATE_BYTES = 5 * 1024 * 1024;

export interface EmbeddedStore {
  uri: string;
  port: number;
  pid: number;
  /** true when another process had started it. */
  reused: boolean;
  dir: string;
  logFile: string;
  /**
   * Says this process is done with the store: the store exits when no other client remains within a
   * few seconds. With wait (the connections are already closed), waits up to 3 s for that, so a
   * single bot that stops leaves nothing running.
   */
  stop(opts?: { wait?: boolean }): Promise<void>;
}

interface StoreState {
  pid: number;
  port: number;
}

export async function useEmbeddedFerretdb(opts: {
  dataDir: string;
  bin?: string;
  synchronous: 'normal' | 'full';
  progress?: Progress;
}): Promise<EmbeddedStore> {
  const dataDir = path.resolve(opts.dataDir);
  const files = {
    dir: path.join(dataDir, 'ferretdb'),
    state: path.join(dataDir, 'ferretdb.json'),
    log: path.join(dataDir, 'ferretdb.log'),
  };
  const running = await findRunning(files.state);
  if (running) return handle(running, true, files);

  const bin = await ensureFerretdbBinary({ bin: opts.bin, progress: opts.progress });
  const started = await spawnStore(bin, opts.synchronous, files);
  if (started) return handle(started, false, files);
  // Another process started one between our look and our start: use that one.
  const other = await waitForRunning(files.state, START_TIMEOUT_MS);
  if (other) return handle(other, true, files);
  throw new AppError(
    'ferretdb_unavailable',
    `Another FerretDB holds ${files.dir} but did not start; see ${files.log}`,
  );
}

function handle(
  state: StoreState,
  reused: boolean,
  files: { dir: string; state: string; log: string },
): EmbeddedStore {
  return {
    uri: `mongodb://127.0.0.1:${state.port}/`,
    port: state.port,
    pid: state.pid,
    reused,
    dir: files.dir,
    logFile: files.log,
    stop: (opts) => leave(state, files.state, opts?.wait ?? true),
  };
}

/** Starts the wrapper detached; resolves with its state, or undefined when another one holds the directory. */
async function spawnStore(
  bin: string,
  synchronous: 'normal' | 'full',
  files: { dir: string; state: string; log: string },
): Promise<StoreState | undefined> {
  mkdirSync(files.dir, { recursive: true });
  rotateLog(files.log);
  const logStart = existsSync(files.log) ? statSync(files.log).size : 0;
  const out = openSync(files.log, 'a');
  const child = spawn(
    bin,
    [
      '--listen-addr',
      '127.0.0.1:0',
      '--sqlite-dir',
      files.dir,
      '--sqlite-synchronous',
      synchronous,
      '--state-file',
      files.state,
      '--idle-exit-after',
      `${IDLE_EXIT_S}s`,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  const failed = (why: string) =>
    new AppError(
      'ferretdb_unavailable',
      `FerretDB ${why}; its log ${files.log}:\n${logTail(files.log, logStart)}`,
    );
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(failed(`could not be started (${err.message})`)));
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      if (child.exitCode === EXIT_ALREADY_RUNNING) return undefined;
      throw failed(`exited with code ${child.exitCode} during start-up`);
    }
    const state = readState(files.state);
    if (state && state.pid === child.pid && (await reachable(state.port))) {
      // From here on the store lives on its own: this process neither waits for it nor owns it.
      child.unref();
      return state;
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw failed(`did not start within ${START_TIMEOUT_MS / 1000} s`);
}

/** The store recorded in the state file, if that process is alive, is our wrapper, and answers. */
async function findRunning(stateFile: string): Promise<StoreState | undefined> {
  const state = readState(stateFile);
  if (!state) return undefined;
  if (isStoreProcess(state.pid, stateFile) && (await reachable(state.port))) return state;
  // A wrapper removes its state file when it exits; one killed with -9 leaves it behind.
  if (!alive(state.pid)) rmSync(stateFile, { force: true });
  return undefined;
}

async function waitForRunning(stateFile: string, ms: number): Promise<StoreState | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const state = await findRunning(stateFile);
    if (state) return state;
    await sleep(100);
  }
  return undefined;
}

async function leave(state: StoreState, stateFile: string, wait: boolean): Promise<void> {
  // Never signal a process that merely reuses the pid of a store that has gone.
  if (!isStoreProcess(state.pid, stateFile)) return;
  try {
    process.kill(state.pid, 'SIGUSR1');
  } catch {
    return;
  }
  if (!wait) return;
  // It exits at once if this process was its last client; another user keeps it running.
  const deadline = Date.now() + 3000;
  while (alive(state.pid) && Date.now() < deadline) await sleep(50);
}

function readState(file: string): StoreState | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreState>;
    if (Number.isInteger(s.pid) && Number.isInteger(s.port)) return { pid: s.pid!, port: s.port! };
  } catch {
    // missing or being replaced: the wrapper writes it atomically, so retry later
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** alive, and (where /proc tells) the wrapper started with this state file. */
function isStoreProcess(pid: number, stateFile: string): boolean {
  if (!alive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(stateFile);
  } catch {
    // Without /proc (not Linux) liveness is all there is to go on.
    return !existsSync('/proc/self');
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

function rotateLog(file: string): void {
  try {
    if (statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
}

function logTail(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString().trim().split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
