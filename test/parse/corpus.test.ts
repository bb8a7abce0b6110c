/**
 * The corpus: realistic messages written from the county's own words, each with how the bot must
 * take it. Every message is classified as understood, correctly refused, or asked back; a message
 * taken any other way than expected is a misread, and one misread fails the suite.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/parse/parse-command.ts';
import { ASKED } from './corpus/asked.ts';
import type { CorpusCase } from './corpus/case.ts';
import { CHATTER } from './corpus/chatter.ts';
import { misreadReasons, outcomeOf } from './corpus/classify.ts';
import { EVERYDAY } from './corpus/everyday.ts';
import { FOURTH_BATCH } from './corpus/fourth-batch.ts';
import { NAMES } from './corpus/names.ts';
import { NOTICE } from './corpus/notice.ts';
import { NUMBERS } from './corpus/numbers.ts';
import { PREAMBLE } from './corpus/preamble.ts';
import { QUESTIONS } from './corpus/questions.ts';
import { REFS } from './corpus/refs.ts';
import { REFUSALS } from './corpus/refusals.ts';
import { SECOND_BATCH } from './corpus/second-batch.ts';
import { THIRD_BATCH } from './corpus/third-batch.ts';
import { TWO_PROJECTS } from './corpus/two-projects.ts';
import { VOICE } from './corpus/voice.ts';
import { AUGUST, ctxAt } from './fixtures.ts';

const GROUPS: Record<string, CorpusCase[]> = {
  everyday: EVERYDAY,
  notice: NOTICE,
  preamble: PREAMBLE,
  voice: VOICE,
  refs: REFS,
  questions: QUESTIONS,
  chatter: CHATTER,
  'two projects': TWO_PROJECTS,
  'typos and homophones': NAMES,
  numbers: NUMBERS,
  'asked back': ASKED,
  refusals: REFUSALS,
  'second batch': SECOND_BATCH,
  'third batch': THIRD_BATCH,
  'fourth batch': FOURTH_BATCH,
};

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
