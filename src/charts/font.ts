/**
 * The chart font: Noto Sans SC from @fontsource/noto-sans-sc, so a fresh machine needs no system
 * CJK font. The package splits the font into ~100 unicode-range chunks; registering every 400-weight
 * chunk under one family lets Skia pick the chunk holding each glyph.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';
import { canvasModule } from '../heavy-modules.ts';

export const CHART_FONT_FAMILY = 'XmddNotoSansSC';

let registered: number | undefined;

/** The package's files/ directory, resolved through its exports like any import. */
function fontDir(): string {
  const css = fileURLToPath(import.meta.resolve('@fontsource/noto-sans-sc/index.css'));
  return path.join(path.dirname(css), 'files');
}

/** Registers the font once per process; returns the number of chunks registered. */
export function registerChineseFont(): number {
  if (registered !== undefined) return registered;
  const dir = fontDir();
  let n = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('-400-normal.woff2')) continue;
    if (canvasModule().GlobalFonts.registerFromPath(path.join(dir, file), CHART_FONT_FAMILY)) n++;
  }
  if (n === 0) {
    throw new AppError('internal', `no Noto Sans SC font chunks could be registered from ${dir}`);
  }
  registered = n;
  return n;
}

/** A CSS font shorthand in the chart family. */
export function chartFont(px: number, weight: 'normal' | 'bold' = 'normal'): string {
  return `${weight === 'bold' ? 'bold ' : ''}${Math.round(px)}px ${CHART_FONT_FAMILY}`;
}
