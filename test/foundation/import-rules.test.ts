/**
 * The import rules `npm run lint` enforces (scripts/check-imports.ts): the tree keeps them, and the
 * checker does catch a file that breaks one.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports } from '../../scripts/check-imports.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'xmdd-imports-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('import rules', () => {
  it('hold for the whole tree', () => {
    expect(checkImports(ROOT)).toEqual([]);
  });

  it('refuse models/ outside the data layer, statically or dynamically, and allow it inside', () => {
    const root = tree({
      'models/x.model.ts': 'export const X = 1;\n',
      'src/data/x.ts': "import { X } from '../../models/x.model.ts';\nexport const y = X;\n",
      'src/services/bad.ts': "import { X } from '../../models/x.model.ts';\nexport const z = X;\n",
      'handlers/lazy.ts': "export const m = () => import('../models/x.model.ts');\n",
      'scripts/ok.ts': "import { y } from '../src/data/x.ts';\nexport { y };\n",
    });
    try {
      const found = checkImports(root)
        .map((v) => v.file)
        .sort();
      expect(found).toEqual(['handlers/lazy.ts', 'src/services/bad.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('import direction', () => {
  it('refuses an import up the layers and a foundation module that reaches into the app', () => {
    const root = tree({
      'src/data/x.ts': 'export const x = 1;\n',
      'src/services/s.ts': "import { x } from '../data/x.ts';\nexport const s = x;\n",
      'src/services/up.ts': "import { h } from '../../handlers/h.ts';\nexport const u = h;\n",
      'handlers/h.ts': "import { s } from '../src/services/s.ts';\nexport const h = s;\n",
      'src/parse/p.ts': "import { s } from '../services/s.ts';\nexport const p = s;\n",
      'src/inbound/i.ts': "import type { W } from '../wecom/w.ts';\nexport type I = W;\n",
      'src/wecom/w.ts': "import type { h } from '../../handlers/h.ts';\nexport type W = typeof h;\n",
      'src/main.ts': "import { h } from '../handlers/h.ts';\nexport { h };\n",
    });
    try {
      const found = checkImports(root)
        .map((v) => v.file)
        .sort();
      expect(found).toEqual(['src/inbound/i.ts', 'src/parse/p.ts', 'src/services/up.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
