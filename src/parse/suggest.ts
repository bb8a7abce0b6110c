/**
 * The closest command for a message nobody understood: first a command word anywhere in it, then
 * tell-tale words (amounts → 进度, 签约/拆迁 → 问题), then edit distance of the opening characters
 * to every command word; failing all that, 帮助.
 */
import { allWords, COMMANDS, type CommandSpec, commandSpec } from './intents.ts';

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

const HINTS: Array<{ re: RegExp; intent: CommandSpec['intent'] }> = [
  { re: /完成投资|万元|亿元|\d+\s*[万亿]|形象进度|累计完成/, intent: 'report' },
  { re: /签约|拆迁|征地|阻工|协调|困难|未解决/, intent: 'problem' },
  { re: /#\s*\d+|第\s*\d+\s*号/, intent: 'resolve' },
  { re: /逾期|投资情况|多少/, intent: 'query' },
];

export function suggestCommand(text: string): { command: string; example: string } {
  const lower = text.toLowerCase();
  const pick = (spec: CommandSpec) => ({ command: spec.command, example: spec.example });
  let best: { at: number; len: number; spec: CommandSpec } | undefined;
  for (const { word, spec, needsRef } of allWords()) {
    if ([...word].length < 2 || needsRef) continue;
    const at = lower.indexOf(word.toLowerCase());
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && word.length > best.len))
      best = { at, len: word.length, spec };
  }
  if (best) return pick(best.spec);
  for (const hint of HINTS) if (hint.re.test(text)) return pick(commandSpec(hint.intent));
  const head = [...lower.replace(/\s+/g, '')].slice(0, 4).join('');
  let closest: { distance: number; spec: CommandSpec } | undefined;
  for (const { word, spec } of allWords()) {
    const w = word.toLowerCase();
    const distance = editDistance(head.slice(0, Math.max(w.length, 1)), w);
    if (distance < w.length && (!closest || distance < closest.distance)) closest = { distance, spec };
  }
  return pick(closest?.spec ?? COMMANDS.find((c) => c.intent === 'help')!);
}
