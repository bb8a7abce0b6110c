/**
 * 帮助 and the welcome text come from the registered commands (handlers/index.ts): every command's
 * help lines reach exactly the roles of its audience, and every example shown parses back to the
 * command it illustrates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { helpLines } from '../../handlers/help.ts';
import { commands } from '../../handlers/index.ts';
import { welcomeText } from '../../handlers/welcome.ts';
import type { RegisteredCommand } from '../../src/command/define.ts';
import type { Audience } from '../../src/domain/permissions.ts';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { ctxAt } from '../parse/fixtures.ts';
import { only, type ReportBot, startReportBot } from '../reports/harness.ts';

const registry = commands as readonly RegisteredCommand<never>[];
let bot: ReportBot;

beforeAll(async () => {
  ({ bot } = await startReportBot());
});

/** Each person of the harness county and the audiences their roles give. */
const PEOPLE: Array<{ userId: string; audiences: Audience[] }> = [
  { userId: 'office1', audiences: ['report', 'direct', 'resolve', 'office', 'all'] },
  { userId: 'liqiang', audiences: ['report', 'direct', 'resolve', 'all'] },
  { userId: 'zhaogang', audiences: ['report', 'direct', 'resolve', 'all'] },
  { userId: 'zhangwei', audiences: ['report', 'all'] },
  { userId: 'wangfang', audiences: ['resolve', 'all'] },
  { userId: 'stranger', audiences: ['all'] },
];

describe('帮助 from the registry', () => {
  it('has a help line for every command people call by a word', () => {
    for (const c of registry) if (c.words.length) expect(c.help.length, c.intent).toBeGreaterThan(0);
  });

  for (const person of PEOPLE) {
    it(`lists for ${person.userId} exactly the commands of their audiences`, async () => {
      const help = only(await bot.say(person.userId, '帮助'));
      for (const line of helpLines(registry)) {
        const shown = help.includes(`. ${line.entry.title}：`);
        expect(shown, `${line.entry.title} (${line.audience}) for ${person.userId}`).toBe(
          person.audiences.includes(line.audience),
        );
      }
    });
  }

  it('fits one text message (2048 bytes) for every role: a direct chat has no webhook for a second one', async () => {
    for (const person of PEOPLE) {
      const help = only(await bot.say(person.userId, '帮助'));
      expect(Buffer.byteLength(help, 'utf8'), person.userId).toBeLessThanOrEqual(2048);
    }
  });

  it('shows examples that each parse to their own command', () => {
    for (const c of registry) {
      for (const h of c.help) {
        const parsed = parseCommand(h.example, ctxAt());
        expect(parsed.intent, `${c.intent}: ${h.example}`).toBe(c.intent);
      }
    }
  });

  it('welcomes a group with the commands marked for it, each an example that parses', () => {
    const text = welcomeText('项目调度助手', registry);
    const welcomed = registry.flatMap((c) => c.help.filter((h) => h.welcome && !h.example.includes('\n')));
    expect(welcomed.length).toBeGreaterThan(3);
    for (const h of welcomed) expect(text).toContain(h.example);
  });
});
