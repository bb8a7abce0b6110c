/** Every corpus group by name, and all messages in one list. */
import { ASKED } from './asked.ts';
import type { CorpusCase } from './case.ts';
import { CHATTER } from './chatter.ts';
import { EVERYDAY } from './everyday.ts';
import { FOURTH_BATCH } from './fourth-batch.ts';
import { NAMES } from './names.ts';
import { NOTICE } from './notice.ts';
import { NUMBERS } from './numbers.ts';
import { PREAMBLE } from './preamble.ts';
import { QUESTIONS } from './questions.ts';
import { REFS } from './refs.ts';
import { REFUSALS } from './refusals.ts';
import { SECOND_BATCH } from './second-batch.ts';
import { THIRD_BATCH } from './third-batch.ts';
import { TWO_PROJECTS } from './two-projects.ts';
import { VOICE } from './voice.ts';

export const GROUPS: Record<string, CorpusCase[]> = {
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

export const CORPUS: CorpusCase[] = Object.values(GROUPS).flat();
