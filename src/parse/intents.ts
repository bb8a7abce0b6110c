/**
 * Finding the command word a message opens with, over the registered commands' words
 * (ParseContext.commands; each command declares its own in handlers/).
 *
 * Choices worth knowing (declared by the commands, enforced here):
 * - 上报 is a progress report; only "上报 #12" (a problem number follows) or 上报协调 escalates;
 * - 交办 / 督办 / 派单 with a problem number assign it; without one they create a 督办事项;
 * - 完成 / 解决 / 关闭 resolve only when a problem number follows; 办结 / 销号 always do;
 * - 取消 alone is undo; 月报送 is a report while 月报 is the monthly summary (longest word wins).
 */
import type { CommandWords } from './types.ts';

/**
 * Whether `text` starts with `word`, allowing stray spaces between its characters ("进 度") and
 * ignoring case; returns the characters taken (with the spaces after), or -1.
 */
export function startsWithWord(text: string, word: string): number {
  let i = 0;
  for (const c of word.toLowerCase()) {
    if (i > 0) while (text[i] === ' ') i += 1;
    if (text[i]?.toLowerCase() !== c) return -1;
    i += 1;
  }
  while (text[i] === ' ') i += 1;
  return i;
}

export interface WordHit {
  word: string;
  /** Commands that use this word, in intent order; several for 交办 (assign or task). */
  specs: CommandWords[];
  needsRef: boolean;
  consumed: number;
}

export interface TableWord {
  word: string;
  spec: CommandWords;
  needsRef: boolean;
}

const tables = new WeakMap<readonly CommandWords[], TableWord[]>();

/** Every word of the commands, longest first, then intent order: the same whatever the registry order. */
export function allWords(commands: readonly CommandWords[]): readonly TableWord[] {
  let table = tables.get(commands);
  if (!table) {
    table = [...commands]
      .sort((a, b) => a.intent.localeCompare(b.intent))
      .flatMap((spec) => [
        ...spec.words.map((word) => ({ word, spec, needsRef: false })),
        ...(spec.wordsNeedingRef ?? []).map((word) => ({ word, spec, needsRef: true })),
      ])
      .sort((a, b) => b.word.length - a.word.length);
    tables.set(commands, table);
  }
  return table;
}

/** Every command word the text starts with, longest first. */
export function leadingWords(text: string, commands: readonly CommandWords[]): WordHit[] {
  const hits = new Map<string, WordHit>();
  for (const { word, spec, needsRef } of allWords(commands)) {
    const consumed = startsWithWord(text, word);
    if (consumed < 0) continue;
    const key = `${word}|${needsRef}`;
    const hit = hits.get(key);
    if (hit) hit.specs.push(spec);
    else hits.set(key, { word, specs: [spec], needsRef, consumed });
  }
  return [...hits.values()];
}

/** The command of an intent, if registered. */
export function commandOf(commands: readonly CommandWords[], intent: string): CommandWords | undefined {
  return commands.find((c) => c.intent === intent);
}
