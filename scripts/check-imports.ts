/**
 * `npm run lint` (after Biome): the project's import rules, which Biome cannot express.
 *
 * - Only the data layer (src/data/) reads or writes the store: no other file imports models/.
 * - Imports flow one way: wecom → inbound → bot → handlers → services → data (LAYERS below), type
 *   imports included. The composition (main, runtime, wiring, http, sandbox, store, scripts) may
 *   import anything; the foundation (pure helpers: domain, parse, format, calendar, command contract,
 *   config, errors, logger …) only the foundation.
 *
 * Prints one line per broken rule (file, import, rule) and exits 1 when there is any.
 * `checkImports(root)` is exported for the test that proves the rules catch what they should.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  file: string;
  imported: string;
  rule: string;
}

interface Rule {
  name: string;
  /** Whether `from` (a path relative to the root) may import `to`. */
  allows(from: string, to: string): boolean;
}

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/** Top to bottom: a file may import its own layer, any layer below it, and the foundation. */
export const LAYERS: ReadonlyArray<readonly string[]> = [
  ['src/wecom'],
  ['src/inbound'],
  // The bot answers messages and the scheduler posts on its own: the two entries of the app.
  ['src/bot', 'src/schedule'],
  // What the bot says (one file per command) and what the scheduler posts (the summaries).
  ['handlers', 'src/jobs', 'src/export'],
  ['src/services', 'src/import', 'src/outbound'],
  ['src/data'],
  ['models'],
];
const COMPOSITION = [
  'src/main.ts',
  'src/runtime.ts',
  'src/wiring.ts',
  'src/http',
  'src/sandbox',
  'src/schedule/attach.ts',
  'scripts',
];
const FOUNDATION = [
  'src/store',
  'src/paths.ts',
  'src/domain',
  'src/parse',
  'src/format',
  'src/calendar',
  'src/command',
  'src/charts',
  'src/config.ts',
  'src/errors.ts',
  'src/logger.ts',
  'src/clock.ts',
  'src/metrics.ts',
  'src/heavy-modules.ts',
];

const within = (p: string, dirs: readonly string[]) => dirs.some((d) => under(p, d));
/** A file's layer: its index in LAYERS, 'foundation', 'composition', or undefined (not ruled). */
function layerOf(p: string): number | 'foundation' | 'composition' | undefined {
  if (within(p, COMPOSITION)) return 'composition';
  if (within(p, FOUNDATION)) return 'foundation';
  const i = LAYERS.findIndex((dirs) => within(p, dirs));
  return i < 0 ? undefined : i;
}

export const RULES: Rule[] = [
  {
    name: 'only src/data/ imports models/ (the data layer is the only way to the store)',
    allows: (from, to) => !under(to, 'models') || under(from, 'src/data') || under(from, 'models'),
  },
  {
    name: 'imports flow one way: wecom → inbound → bot → handlers → services → data; the foundation imports only the foundation',
    allows: (from, to) => {
      const a = layerOf(from);
      const b = layerOf(to);
      if (a === undefined || b === undefined || a === 'composition') return true;
      if (a === 'foundation') return b === 'foundation';
      if (b === 'foundation') return true;
      if (b === 'composition') return false;
      return b >= a;
    },
  },
];

const SCANNED = ['src', 'handlers', 'models', 'scripts'];
const IMPORT_RE =
  /(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p));
    else if (/\.(ts|js)$/.test(name)) out.push(p);
  }
  return out;
}

/** Every broken import rule under `root`. */
export function checkImports(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const top of SCANNED) {
    const dir = path.join(root, top);
    let files: string[];
    try {
      files = filesUnder(dir);
    } catch {
      continue;
    }
    for (const file of files) {
      const from = path.relative(root, file).split(path.sep).join('/');
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(IMPORT_RE)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('.')) continue;
        const to = path
          .relative(root, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/');
        for (const rule of RULES)
          if (!rule.allows(from, to)) violations.push({ file: from, imported: spec, rule: rule.name });
      }
    }
  }
  return violations;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const found = checkImports(root);
  for (const v of found) console.error(`${v.file}: imports ${v.imported} — ${v.rule}`);
  if (found.length) {
    console.error(`${found.length} import rule violation(s).`);
    process.exit(1);
  }
  console.log('import rules: ok');
}
