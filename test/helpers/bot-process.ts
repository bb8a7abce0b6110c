/** Runs the real bot (`src/main.ts`, as `npm start` does) as a child process for end-to-end tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from '../../src/config.ts';
import { freePort } from '../../src/store/ferretdb.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  /** Resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startBot(
  env: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<BotProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: inheritedEnv({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (!out.includes('listening on')) {
    if (child.exitCode !== null)
      throw new Error(`bot exited with ${child.exitCode} before listening:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the bot expecting it to fail at start-up; resolves with its exit code and output. */
export async function runBotExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: inheritedEnv({ LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, out };
}

/**
 * `npm start` itself, as a user runs it (build, then exec node on dist/): for the process-lifecycle
 * tests, which signal the npm process and check what is left. Resolves once the bot listens.
 */
export interface NpmBot {
  npm: ChildProcess;
  port: number;
  base: string;
  output(): string;
  /** The bot's node process (npm's child: the script execs node). */
  botPid(): number;
  exited: Promise<number | null>;
}

export async function startNpmBot(
  env: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<NpmBot> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: inheritedEnv({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  npm.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (!out.includes('listening on')) {
    if (npm.exitCode !== null)
      throw new Error(`npm start exited with ${npm.exitCode} before listening:\n${out}`);
    if (Date.now() > deadline) {
      npm.kill('SIGKILL');
      throw new Error(`npm start did not listen in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    npm,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    botPid: () => {
      const [pid] = childrenOf(npm.pid!);
      if (!pid) throw new Error('npm start has no child process');
      return pid;
    },
    exited,
  };
}

/** Runs `npm start` expecting it to fail at start-up; resolves with its exit code and output. */
export async function runNpmStartExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: inheritedEnv({ LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  npm.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  npm.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const code = await new Promise<number | null>((resolve) => npm.once('exit', (c) => resolve(c)));
  return { code, out, ms: Date.now() - started };
}

/** Pids whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
  return livePids().filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return ppid === pid;
    } catch {
      return false;
    }
  });
}

/**
 * Live processes (zombies excluded) whose command line or environment mentions `text`, e.g. a test's
 * DATA_DIR: the bot gets it in its environment, the store on its command line.
 */
export function processesMentioning(text: string): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const pid of livePids()) {
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmd.includes(text) || environ.includes(text)) found.push({ pid, cmd });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function livePids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}
