/**
 * Small changes to FerretDB's own sources, applied when the wrapper is built: to a copy of the module
 * taken from Go's cache at build time, so nothing of FerretDB is kept in this repository.
 * tools/ferretdb/overlay holds `<file>.patch` (find/replace blocks for an upstream file, each of which
 * must match exactly once, so an upgrade that moved the code fails the build loudly) and
 * `<file>.go.txt` (a new file added to the patched package). Files at the top of the overlay belong to
 * the SQLite backend's package; a file under a subdirectory belongs to that path of the module
 * (overlay/internal/handler/msg_update.go.patch patches internal/handler/msg_update.go).
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inheritedEnv } from '../config.ts';
import { AppError } from '../errors.ts';

const MODULE = 'github.com/FerretDB/FerretDB';
/** The upstream package every overlay file belongs to. */
const PACKAGE_DIR = path.join('internal', 'backends', 'sqlite');

export interface PatchBlock {
  find: string;
  replace: string;
}

/** Reads `<<<< find … ==== replace … >>>>` blocks; lines starting with # outside blocks are comments. */
export function parsePatch(text: string): PatchBlock[] {
  const blocks: PatchBlock[] = [];
  const lines = text.split('\n');
  let part: 'none' | 'find' | 'replace' = 'none';
  let find: string[] = [];
  let replace: string[] = [];
  for (const line of lines) {
    if (line === '<<<< find' && part === 'none') {
      part = 'find';
      find = [];
      replace = [];
    } else if (line === '==== replace' && part === 'find') part = 'replace';
    else if (line === '>>>>' && part === 'replace') {
      blocks.push({ find: find.join('\n'), replace: replace.join('\n') });
      part = 'none';
    } else if (part === 'find') find.push(line);
    else if (part === 'replace') replace.push(line);
    else if (line.trim() && !line.startsWith('#'))
      throw new Error(`patch: unexpected line outside a block: ${line}`);
  }
  if (part !== 'none') throw new Error('patch: unterminated block');
  return blocks;
}

export function applyPatch(source: string, blocks: PatchBlock[], name: string): string {
  let out = source;
  for (const [i, b] of blocks.entries()) {
    const at = out.indexOf(b.find);
    if (at < 0 || out.indexOf(b.find, at + 1) >= 0) {
      throw new AppError(
        'ferretdb_unavailable',
        `FerretDB overlay: block ${i + 1} of ${name} must match exactly once in the upstream file (${at < 0 ? 'not found' : 'found twice'})`,
      );
    }
    out = out.slice(0, at) + b.replace + out.slice(at + b.find.length);
  }
  return out;
}

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: inheritedEnv({ CGO_ENABLED: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err = `${err}${b.toString()}`.slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new AppError('ferretdb_unavailable', `${cmd} ${args.join(' ')} failed (exit ${code}): ${err}`),
          ),
    );
  });
}

/** Files of the overlay directory (paths relative to it, sorted), for the binary's cache key. */
export function overlaySources(overlayDir: string): string[] {
  try {
    return (readdirSync(overlayDir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.patch') || f.endsWith('.go.txt'))
      .sort();
  } catch {
    return [];
  }
}

/** The module file an overlay file patches or adds (see the header). */
export function overlayTarget(file: string): string {
  const name = file.endsWith('.patch') ? file.slice(0, -'.patch'.length) : file.slice(0, -'.txt'.length);
  return path.dirname(file) === '.' ? path.join(PACKAGE_DIR, name) : name;
}

/**
 * Copies FerretDB's module out of Go's cache (which `go build -overlay` may not touch), applies the
 * overlay to the copy and returns a go.mod for `go build -modfile` that points the wrapper at it, or
 * undefined when there is nothing to apply. The copy is 3–4 MB of sources.
 */
export async function prepareOverlay(opts: {
  wrapperDir: string;
  version: string;
  workDir: string;
}): Promise<string | undefined> {
  const overlayDir = path.join(opts.wrapperDir, 'overlay');
  const files = overlaySources(overlayDir);
  if (!files.length) return undefined;
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `${MODULE}@${opts.version}`], opts.wrapperDir),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir)
    throw new AppError('ferretdb_unavailable', `go mod download of ${MODULE}: ${info.Error ?? 'no Dir'}`);
  rmSync(opts.workDir, { recursive: true, force: true });
  const copy = path.join(opts.workDir, 'ferretdb');
  cpSync(info.Dir, copy, { recursive: true });
  // Go's cache keeps modules read-only; the copy must be writable to patch it and to remove it later.
  makeWritable(copy);
  for (const f of files) {
    const text = readFileSync(path.join(overlayDir, f), 'utf8');
    const target = path.join(copy, overlayTarget(f));
    writeFileSync(
      target,
      f.endsWith('.patch') ? applyPatch(readFileSync(target, 'utf8'), parsePatch(text), f) : text,
    );
  }
  const modfile = path.join(opts.workDir, 'wrapper.mod');
  const gomod = readFileSync(path.join(opts.wrapperDir, 'go.mod'), 'utf8');
  writeFileSync(modfile, `${gomod.trimEnd()}\n\nreplace ${MODULE} => ${copy}\n`);
  // -modfile reads the go.sum beside it.
  cpSync(path.join(opts.wrapperDir, 'go.sum'), path.join(opts.workDir, 'wrapper.sum'));
  return modfile;
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}
