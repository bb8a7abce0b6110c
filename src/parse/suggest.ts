/**
 * The closest command for a message nobody understood: first a command word anywhere in it, then
 * tell-tale words (amounts → 进度, 签约/拆迁 → 问题), then edit distance of the opening characters
 * to every command word; failing all that, 帮助.
 */
import { allWords } from './intents.ts';
import type { CommandWords } from './types.ts';

function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= y.length; j += 1) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

export function suggestCommand(
  text: string,
  commands: readonly CommandWords[],
): { command: string; example: string } {
  const lower = text.toLowerCase();
  const pick = (spec: CommandWords) => ({ command: spec.command, example: spec.example });
  let best: { at: number; len: number; spec: CommandWords } | undefined;
  for (const { word, spec, needsRef } of allWords(commands)) {
    if ([...word].length < 2 || needsRef) continue;
    const at = lower.indexOf(word.toLowerCase());
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && word.length > best.len))
      best = { at, len: word.length, spec };
  }
  if (best) return pick(best.spec);
  // Each command's own tell-tale words (amounts → 进度, 签约/拆迁 → 问题), in a fixed order.
  const hinted = commands
    .filter((c) => c.hints?.re.test(text))
    .sort((a, b) => a.hints!.rank - b.hints!.rank || a.intent.localeCompare(b.intent))[0];
  if (hinted) return pick(hinted);
  const head = [...lower.replace(/\s+/g, '')].slice(0, 4).join('');
  let closest: { distance: number; spec: CommandWords } | undefined;
  for (const { word, spec } of allWords(commands)) {
    const w = word.toLowerCase();
    const distance = editDistance(head.slice(0, Math.max(w.length, 1)), w);
    if (distance < w.length && (!closest || distance < closest.distance)) closest = { distance, spec };
  }
  const help = commands.find((c) => c.intent === 'help');
  if (closest) return pick(closest.spec);
  return help ? pick(help) : { command: '帮助', example: '帮助' };
}
