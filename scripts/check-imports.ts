/**
 * `npm run lint` (after Biome): the project's import rules, which Biome cannot express.
 *
 * - Only the data layer (src/data/) reads or writes the store: no other file imports models/.
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

export const RULES: Rule[] = [
  {
    name: 'only src/data/ imports models/ (the data layer is the only way to the store)',
    allows: (from, to) => !under(to, 'models') || under(from, 'src/data') || under(from, 'models'),
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
