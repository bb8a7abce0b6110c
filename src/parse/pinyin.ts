/**
 * Toneless pinyin syllables, one per character, for matching names that were typed with the
 * wrong homophone (an IME's first choice) or heard wrong by voice input: 和巴 → he ba = 贺巴.
 *
 * `looseSyllable` folds the sounds southern speakers and voice input mix up (zh/z, ch/c, sh/s,
 * n/l, and the -ng finals): it backs a weaker tier of matching, never the exact one.
 */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string[]>();
const CACHE_LIMIT = 5000;

/** One toneless, lower-case syllable per character; other characters stand for themselves. */
export function syllables(text: string): string[] {
  let out = cache.get(text);
  if (out) return out;
  const chars = [...text];
  const spelled = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'spaced', v: true });
  // pinyin-pro returns one item per character for Chinese text; fall back to the characters if not.
  out =
    spelled.length === chars.length
      ? spelled.map((s, i) => (s.trim() === '' ? chars[i]! : s.toLowerCase()))
      : chars.map((c) => c.toLowerCase());
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, out);
  return out;
}

/** A syllable with the commonly confused sounds folded together. */
export function looseSyllable(s: string): string {
  return s
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/ng$/, 'n');
}
