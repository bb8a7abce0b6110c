/**
 * The corpus: realistic messages written from the county's own words, each with how the bot must
 * take it. Every message is classified as understood, correctly refused, or asked back; a message
 * taken any other way than expected is a misread, and one misread fails the suite.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { GROUPS } from './corpus/all.ts';
import { misreadReasons, outcomeOf } from './corpus/classify.ts';
import { AUGUST, ctxAt } from './fixtures.ts';

const ALL = Object.entries(GROUPS).flatMap(([group, cases]) => cases.map((c) => ({ group, ...c })));

describe('the corpus of realistic messages', () => {
  it('has at least 300 messages, none twice', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(300);
    expect(new Set(ALL.map((c) => c.text)).size).toBe(ALL.length);
  });

  it('reads every message as expected: understood, correctly refused or asked back, never misread', () => {
    const counts = { understood: 0, refused: 0, asked: 0, misread: 0 };
    const misreads: string[] = [];
    for (const c of ALL) {
      const command = parseCommand(c.text, ctxAt(c.now ?? AUGUST));
      const reasons = misreadReasons(command, c.expect);
      if (reasons.length > 0) {
        counts.misread += 1;
        misreads.push(`[${c.group}] ${JSON.stringify(c.text)}: ${reasons.join('; ')}`);
      } else counts[outcomeOf(command)] += 1;
    }
    console.log(
      `[corpus] ${ALL.length} messages: understood ${counts.understood}, correctly refused ${counts.refused}, asked back ${counts.asked}, misread ${counts.misread}`,
    );
    expect(misreads).toEqual([]);
  });
});
