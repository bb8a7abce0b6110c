/**
 * The page's own files (plain HTML/JS/CSS next to this module): no build step, nothing fetched from
 * outside. The Chinese font comes from the installed @fontsource/noto-sans-sc package, for desktops
 * and servers without a CJK font.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';
import { projectPath } from '../paths.ts';

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'render.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
const FONT_CSS = new Set(['400.css', '700.css']);
const FONT_FILE = /^noto-sans-sc-[\w-]+\.woff2?$/;

function fontDir(): string {
  return path.dirname(fileURLToPath(import.meta.resolve('@fontsource/noto-sans-sc/index.css')));
}

export async function servePageFile(ctx: Context, file: string): Promise<void> {
  const type = TYPES[file];
  if (!type) {
    ctx.status = 404;
    return;
  }
  ctx.type = type;
  ctx.set('cache-control', 'no-store');
  // From the source tree: the compiled bot (dist/) has no copy of the page.
  ctx.body = await readFile(projectPath('src', 'sandbox', 'page', file));
}

export async function serveFont(ctx: Context, file: string): Promise<void> {
  if (FONT_CSS.has(file)) {
    const css = await readFile(path.join(fontDir(), file), 'utf8');
    ctx.type = 'text/css; charset=utf-8';
    ctx.body = css.replaceAll('url(./files/', 'url(/sandbox/font/files/');
    return;
  }
  if (!FONT_FILE.test(file)) {
    ctx.status = 404;
    return;
  }
  ctx.type = file.endsWith('.woff2') ? 'font/woff2' : 'font/woff';
  ctx.set('cache-control', 'public, max-age=86400');
  ctx.body = await readFile(path.join(fontDir(), 'files', file));
}
