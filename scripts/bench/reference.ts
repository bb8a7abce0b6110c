/**
 * An earlier commit of this project, set up beside this checkout to be measured back to back with it:
 * its own git worktree and node_modules, its own embedded store (the FerretDB build and settings of
 * that commit), the demo county imported with its own `npm run import`, its bot started as its own
 * `npm start` started it. Only the load and the machine are shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inheritedEnv } from '../../src/config.ts';
import { freePort } from '../../src/store/ferretdb.ts';
import { type ChildServer, ROOT, startChild } from './child.ts';

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { cwd, env: inheritedEnv(env), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The worktree of `commit` (created once, reused by later runs) with its dependencies installed. */
export function referenceCheckout(commit: string, say: (l: string) => void): string {
  const sha = run('git', ['rev-parse', '--verify', `${commit}^{commit}`], ROOT).trim();
  const dir = path.join(os.tmpdir(), `xmdd-ref-${sha.slice(0, 10)}`);
  if (!existsSync(path.join(dir, 'package.json'))) {
    say(`setting up ${sha.slice(0, 10)} in ${dir}`);
    run('git', ['worktree', 'add', '--force', '--detach', dir, sha], ROOT);
  }
  if (!existsSync(path.join(dir, 'node_modules', '.package-lock.json'))) {
    say('installing its dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  }
  return dir;
}

/** Starts the reference bot on its embedded defaults, with the demo county imported first. */
export async function startReferenceBot(
  dir: string,
  env: Record<string, string>,
  say: (l: string) => void,
): Promise<ChildServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-ref-data-'));
  const { MONGODB_URI: _theirsIsEmbedded, ...rest } = env;
  const own: Record<string, string> = { ...rest, DATA_DIR: dataDir };
  say('importing the demo county with its own npm run import (builds its FerretDB the first time)…');
  run('npm', ['run', '--silent', 'import', '--', 'demo/xincheng-demo.xlsx'], dir, {
    ...own,
    LOG_LEVEL: 'warn',
  });
  const port = await freePort();
  return startChild({
    label: 'reference bot',
    cwd: dir,
    args: ['--import', 'tsx', 'src/main.ts'],
    env: { ...own, PORT: String(port) },
    port,
  });
}
