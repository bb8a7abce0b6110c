/**
 * The operations files stay true to the code: `.env.example` names every variable src/config.ts reads,
 * each with a comment and the default the code applies, and loads as a valid configuration; the
 * systemd unit runs what `npm start` runs, as its own user, and stops the way the bot expects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const configSource = readFileSync('src/config.ts', 'utf8');
const schemaBlock = configSource.slice(
  configSource.indexOf('const schema = z.object({'),
  configSource.indexOf('});\n'),
);
const CONFIG_KEYS = [...schemaBlock.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);

function parseEnvFile(text: string): { values: Record<string, string>; commented: Set<string> } {
  const values: Record<string, string> = {};
  const commented = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    values[m[1]!] = m[2]!;
    // A comment right above this variable, or above the run of variables it belongs to.
    for (let j = i - 1; j >= 0 && lines[j]!.trim(); j--) {
      if (lines[j]!.startsWith('#')) {
        commented.add(m[1]!);
        break;
      }
    }
  });
  return { values, commented };
}

describe('.env.example', () => {
  const { values, commented } = parseEnvFile(readFileSync('.env.example', 'utf8'));

  it('lists every configuration variable, each with a comment', () => {
    expect(CONFIG_KEYS.length).toBeGreaterThan(30);
    expect(Object.keys(values).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) expect(commented.has(key), key).toBe(true);
  });

  it("gives each variable the code's default and loads as a valid configuration", () => {
    const fromExample = loadConfig(values) as Record<string, unknown>;
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const key of CONFIG_KEYS) {
      if (key === 'NODE_ENV') continue; // the example is for a server: production
      expect(fromExample[key], key).toEqual(defaults[key]);
    }
    expect(fromExample.NODE_ENV).toBe('production');
  });
});

describe('deploy/xmdd-bot.service', () => {
  const unit = readFileSync('deploy/xmdd-bot.service', 'utf8');
  const directive = (name: string) =>
    unit
      .split('\n')
      .filter((l) => l.startsWith(`${name}=`))
      .map((l) => l.slice(name.length + 1));

  it("runs npm start's command as a dedicated user, from the install directory, with the environment file", () => {
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;
    expect(start).toBe('tsc -b tsconfig.build.json && exec node dist/src/main.js');
    const build = JSON.parse(readFileSync('package.json', 'utf8')).scripts.build as string;
    expect(build).toBe('tsc -b tsconfig.build.json');
    expect(directive('ExecStartPre')).toEqual(['/usr/bin/npm run --silent build']);
    expect(directive('ExecStart')).toEqual(['/usr/bin/node dist/src/main.js']);
    expect(directive('User')).toEqual(['xmdd']);
    expect(directive('WorkingDirectory')).toEqual(['/opt/xmdd-bot']);
    expect(directive('EnvironmentFile')).toEqual(['/etc/xmdd-bot/xmdd-bot.env']);
    expect(directive('ReadWritePaths')[0]).toContain('/opt/xmdd-bot/data');
  });

  it('stops with SIGTERM and waits longer than the bot takes to finish, restarts on failure', () => {
    expect(directive('KillSignal')).toEqual(['SIGTERM']);
    expect(directive('Restart')).toEqual(['on-failure']);
    // src/main.ts gives in-flight work 20 s before it exits by itself.
    expect(readFileSync('src/main.ts', 'utf8')).toContain('20_000');
    expect(Number(directive('TimeoutStopSec')[0])).toBeGreaterThan(20);
    // V8 needs writable and executable memory: this hardening option would stop node.
    expect(directive('MemoryDenyWriteExecute')).toEqual([]);
    expect(directive('NoNewPrivileges')).toEqual(['yes']);
    expect(directive('ProtectSystem')).toEqual(['strict']);
  });
});
