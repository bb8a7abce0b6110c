/**
 * Servers under measurement run as their own processes, as in production: the bot as `npm start`
 * runs it (node on the build in dist/), the echo baseline beside it. The benchmark process only sends,
 * so what each server costs is read from the kernel: CPU time and peak memory of its own process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from '../../src/config.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  pid: number;
  base: string;
  /** CPU time (user + system) the process has used so far, ms. */
  cpuMs(): number;
  /** Its peak resident memory so far (VmHWM), MB. */
  peakRssMb(): number;
  output(): string;
  stop(): Promise<void>;
}

const TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

export function peakRssMbOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Builds dist/ as `npm start` does (incremental: seconds when nothing changed). */
export function buildDist(cwd = ROOT): void {
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd, stdio: 'inherit', env: inheritedEnv({}) });
  if (r.status !== 0) throw new Error(`npm run build failed in ${cwd}`);
}

/**
 * Starts a server process and waits until it prints `listening on …:PORT` (the bot's start-up line,
 * which the echo baseline prints too).
 */
export async function startChild(opts: {
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  port: number;
  timeoutMs?: number;
  label: string;
}): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, opts.args, {
    cwd: opts.cwd ?? ROOT,
    env: inheritedEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  while (!out.includes('listening on')) {
    if (child.exitCode !== null)
      throw new Error(`${opts.label} exited before listening:\n${out.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.label} did not start in time:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid ?? 0;
  let peak = 0;
  return {
    pid,
    base: `http://127.0.0.1:${opts.port}`,
    cpuMs: () => cpuMsOf(pid),
    peakRssMb: () => {
      const now = peakRssMbOf(pid);
      if (Number.isFinite(now)) peak = now;
      return peak;
    },
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}
