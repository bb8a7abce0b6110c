/**
 * The parser reads the registered commands' words (handlers/index.ts), and the order they are
 * registered in never changes what a message means: the corpus reads the same with the registry
 * reversed and shuffled.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { CORPUS } from './corpus/all.ts';
import { AUGUST, COMMANDS, ctxAt } from './fixtures.ts';

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('the order commands are registered in', () => {
  it('does not change how any corpus message is read', () => {
    const orders = [[...COMMANDS].reverse(), shuffled(COMMANDS, 7), shuffled(COMMANDS, 42)];
    for (const c of CORPUS) {
      const now = c.now ?? AUGUST;
      const expected = JSON.stringify(parseCommand(c.text, ctxAt(now)));
      for (const commands of orders) {
        const got = JSON.stringify(parseCommand(c.text, { ...ctxAt(now), commands }));
        expect(got, c.text).toBe(expected);
      }
    }
  });
});
