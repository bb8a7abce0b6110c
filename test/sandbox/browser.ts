/**
 * Debian's Chromium driven by playwright-core: headless, a fresh profile per launch, background
 * networking off. A missing browser is a failure with a clear message, never a skip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the sandbox browser tests need Debian's Chromium. Install it with ` +
        '`apt-get update -qq && apt-get install -y -qq chromium` (scripts/ci-extra.sh does this in CI).',
    );
  }
  // Playwright takes the profile directory itself (it refuses --user-data-dir in args).
  const profile = mkdtempSync(path.join(os.tmpdir(), 'xmdd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
