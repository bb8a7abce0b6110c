/**
 * Finding one entry of a small index (projects, units) from what people type: exact code or name,
 * a name "core" with county boilerplate removed, or an unambiguous fragment of it.
 *
 * Tiers, best first: 0 code / exact name; 1 same core; 2 fragment (the typed core is part of a
 * name's core); 3 the typed characters appear in order in one core ("河池高铁"). A unique entry at
 * the best tier that matched is 'found'; several at that tier are 'ambiguous' (fragments are all
 * one tier, so "中学" is ambiguous between 高级中学 and 中学).
 *
 * Only when no exact tier matched, the fuzzy tiers (`fuzzy: true` on the result, so the bot shows
 * the full name and confirms before storing): 4 a homophone of a fragment (和巴 → 贺巴), 5 the same
 * with confusable sounds folded (zh/z, n/l, -ng), 6 one character typed wrong (names of 3+
 * characters, or 4+ where the index asks so: projects, whose short words are too easily one
 * character from another name), or for 4+ characters one missing or extra (贺巴高素, 福六水厍). Fuzzy tiers need 2+ characters with at least one Chinese
 * character. Nothing close: 'none', with the nearest entries as `suggestions` when some share
 * enough characters or sounds.
 */
import { looseSyllable, syllables } from './pinyin.ts';

export type EntityMatch<T> =
  | { kind: 'found'; entry: T; fuzzy?: true }
  | { kind: 'ambiguous'; candidates: T[]; fuzzy?: true }
  | { kind: 'none'; text: string; suggestions?: T[] };

export interface IndexedEntry<T> {
  entry: T;
  exact: string[];
  cores: string[];
  /** Characters, syllables and folded syllables of each core; filled on first fuzzy use. */
  sounds?: Array<{ chars: string[]; syl: string[]; loose: string[] }>;
  /** Every character and folded syllable of the cores, to rule an entry out quickly. */
  known?: Set<string>;
  /** Fewest characters a name must have for one wrong character to be forgiven. */
  minTypo: number;
}

export interface ResolveOptions {
  /** Try the fuzzy tiers when the exact ones find nothing (default true). */
  fuzzy?: boolean;
  /** Attach the nearest entries to a 'none' (default true). */
  suggest?: boolean;
}

export const MAX_CANDIDATES = 8;
const CJK_CHAR = /[\u3400-\u9fff]/;
const MIN_FUZZY = 2;
const MIN_TYPO = 3;
const MIN_INDEL = 4;
const MIN_FRAGMENT = 2;
const MIN_SUBSEQUENCE = 3;
/** Longest prefix tried when a name runs into the report body without a space. */
const MAX_PREFIX = 40;
/** Longest prefix tried by the fuzzy tiers: names typed in chat are short. */
const MAX_FUZZY_PREFIX = 14;

export function exactKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s()（）[\]【】"“”'‘’《》<>·•._\-—]/g, '')
    .trim();
}

const present = (keys: Array<string | undefined>): string[] =>
  keys.filter((k): k is string => typeof k === 'string' && k.trim() !== '');

/**
 * `namesOf` gives the names (matched exactly, by core and by fragment); `codesOf` gives codes,
 * matched exactly only, so "12" is never a fragment of "XC-2021-012".
 */
export function indexEntries<T>(
  entries: readonly T[],
  namesOf: (e: T) => Array<string | undefined>,
  core: (key: string) => string,
  codesOf: (e: T) => Array<string | undefined> = () => [],
  minTypo = MIN_TYPO,
): IndexedEntry<T>[] {
  return entries.map((entry) => {
    const names = [...new Set(present(namesOf(entry)).map(exactKey))].filter((k) => k !== '');
    const codes = present(codesOf(entry)).map(exactKey);
    const cores = [...new Set(names.map(core))].filter((k) => k !== '');
    return { entry, exact: [...new Set([...codes, ...names])].filter((k) => k !== ''), cores, minTypo };
  });
}

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (const c of hay) {
    if (c === needle[i]) i += 1;
    if (i === needle.length) return true;
  }
  return false;
}

function tierOf<T>(
  item: IndexedEntry<T>,
  exact: string,
  core: string,
): { tier: number; rank: number } | undefined {
  if (exact !== '' && item.exact.includes(exact)) return { tier: 0, rank: 0 };
  if (core === '') return undefined;
  if (item.cores.includes(core)) return { tier: 1, rank: 0 };
  if ([...core].length >= MIN_FRAGMENT) {
    // Fragments at the start of a name rank before fragments inside it, shorter names first.
    let rank = Number.POSITIVE_INFINITY;
    for (const c of item.cores) {
      const at = c.indexOf(core);
      if (at >= 0) rank = Math.min(rank, (at === 0 ? 0 : 1000) + c.length);
    }
    if (rank < Number.POSITIVE_INFINITY) return { tier: 2, rank };
  }
  if ([...core].length >= MIN_SUBSEQUENCE) {
    const hit = item.cores.filter((c) => isSubsequence(core, c));
    if (hit.length > 0) return { tier: 3, rank: Math.min(...hit.map((c) => c.length)) };
  }
  return undefined;
}

function soundsOf<T>(item: IndexedEntry<T>): NonNullable<IndexedEntry<T>['sounds']> {
  if (!item.sounds) {
    item.sounds = item.cores.map((c) => {
      const syl = syllables(c);
      return { chars: [...c], syl, loose: syl.map(looseSyllable) };
    });
  }
  return item.sounds;
}

function knownOf<T>(item: IndexedEntry<T>): Set<string> {
  if (!item.known) item.known = new Set(soundsOf(item).flatMap((s) => [...s.chars, ...s.loose]));
  return item.known;
}

function sameAt(a: readonly string[], b: readonly string[], at: number): boolean {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[at + i]) return false;
  return true;
}

function differsByOne(a: readonly string[], b: readonly string[], at: number): boolean {
  let diff = 0;
  for (let i = 0; i < a.length && diff < 2; i += 1) if (a[i] !== b[at + i]) diff += 1;
  return diff === 1;
}

/** Whether `a` becomes `b` by deleting one character. */
function oneExtra(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length + 1) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i += 1;
  for (let j = i; j < b.length; j += 1) if (a[j + 1] !== b[j]) return false;
  return true;
}

interface Typed {
  chars: string[];
  syl: string[];
  loose: string[];
}

function typedOf(typed: string): Typed | undefined {
  const chars = [...typed];
  if (chars.length < MIN_FUZZY || !CJK_CHAR.test(typed)) return undefined;
  const syl = syllables(typed);
  return { chars, syl, loose: syl.map(looseSyllable) };
}

function fuzzyTierOf<T>(item: IndexedEntry<T>, typed: Typed): { tier: number; rank: number } | undefined {
  const { chars, syl, loose } = typed;
  // Every tier needs all but at most one character to be in the entry, as itself or by sound.
  const known = knownOf(item);
  let absent = 0;
  for (let i = 0; i < chars.length && absent < 2; i += 1) {
    if (!known.has(chars[i]!) && !known.has(loose[i]!)) absent += 1;
  }
  if (absent > (chars.length >= item.minTypo ? 1 : 0)) return undefined;
  let best: { tier: number; rank: number } | undefined;
  const consider = (tier: number, rank: number) => {
    if (!best || tier < best.tier || (tier === best.tier && rank < best.rank)) best = { tier, rank };
  };
  for (const core of soundsOf(item)) {
    const n = chars.length;
    for (let at = 0; at + n <= core.chars.length; at += 1) {
      const rank = (at === 0 ? 0 : 1000) + core.chars.length;
      if (sameAt(syl, core.syl, at)) consider(4, rank);
      else if (sameAt(loose, core.loose, at)) consider(5, rank);
      else if (n >= item.minTypo && differsByOne(chars, core.chars, at)) consider(6, rank);
    }
    if (n >= MIN_INDEL) {
      for (const len of [n - 1, n + 1]) {
        for (let at = 0; at + len <= core.chars.length; at += 1) {
          const window = core.chars.slice(at, at + len);
          if (oneExtra(chars, window) || oneExtra(window, chars))
            consider(6, (at === 0 ? 0 : 1000) + core.chars.length);
        }
      }
    }
  }
  return best;
}

function pick<T>(
  scored: Array<{ item: IndexedEntry<T>; tier: number; rank: number }>,
  fuzzy: boolean,
): EntityMatch<T> | undefined {
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  const bestTier = scored[0]!.tier;
  const atBest = scored.filter((s) => s.tier === bestTier);
  const flag = fuzzy ? { fuzzy: true as const } : {};
  if (atBest.length === 1) return { kind: 'found', entry: atBest[0]!.item.entry, ...flag };
  return { kind: 'ambiguous', candidates: atBest.slice(0, MAX_CANDIDATES).map((s) => s.item.entry), ...flag };
}

function exactMatch<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
): EntityMatch<T> | undefined {
  const exact = exactKey(text);
  const c = core(exact);
  const scored: Array<{ item: IndexedEntry<T>; tier: number; rank: number }> = [];
  for (const item of index) {
    const t = tierOf(item, exact, c);
    if (t) scored.push({ item, ...t });
  }
  return pick(scored, false);
}

function fuzzyMatch<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
): (EntityMatch<T> & { tier: number }) | undefined {
  const typed = typedOf(core(exactKey(text)));
  if (!typed) return undefined;
  const scored: Array<{ item: IndexedEntry<T>; tier: number; rank: number }> = [];
  for (const item of index) {
    const t = fuzzyTierOf(item, typed);
    if (t) scored.push({ item, ...t });
  }
  const m = pick(scored, true);
  return m ? { ...m, tier: scored[0]!.tier } : undefined;
}

/**
 * Entries that share characters or sounds with `text`, best first: at least half of its characters
 * (one for a two-character text) must occur, as a character or a syllable, in one core.
 */
export function nearestEntries<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
  limit = 3,
): T[] {
  const typed = core(exactKey(text));
  const chars = [...typed];
  if (chars.length < MIN_FUZZY || chars.length > 20 || !CJK_CHAR.test(typed)) return [];
  const syl = syllables(typed);
  const loose = syl.map(looseSyllable);
  const need = chars.length <= 2 ? 1 : Math.ceil(chars.length / 2);
  const scored: Array<{ entry: T; score: number }> = [];
  for (const item of index) {
    let score = 0;
    const known = knownOf(item);
    if (!chars.some((ch, i) => known.has(ch) || known.has(loose[i]!))) continue;
    for (const s of soundsOf(item)) {
      // A shared character weighs twice a shared sound.
      let hits = 0;
      let weight = 0;
      chars.forEach((ch, i) => {
        if (!CJK_CHAR.test(ch)) return;
        if (s.chars.includes(ch)) weight += 2;
        else if (s.syl.includes(syl[i]!)) weight += 1;
        else return;
        hits += 1;
      });
      // Sounds alone ("了吗" ~ 医疗) are too weak: one character must be shared.
      if (hits >= need && weight > hits) score = Math.max(score, weight);
    }
    if (score > 0) scored.push({ entry: item.entry, score });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.entry);
}

export function resolveEntity<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
  options: ResolveOptions = {},
): EntityMatch<T> {
  const exact = exactMatch(text, index, core);
  if (exact) return exact;
  if (options.fuzzy !== false) {
    const fuzzy = fuzzyMatch(text, index, core);
    if (fuzzy) {
      const { tier: _tier, ...match } = fuzzy;
      return match;
    }
  }
  const none: EntityMatch<T> = { kind: 'none', text: text.trim() };
  if (options.suggest !== false) {
    const suggestions = nearestEntries(text, index, core);
    if (suggestions.length > 0) none.suggestions = suggestions;
  }
  return none;
}

export interface PrefixMatch<T> {
  match: EntityMatch<T>;
  /** Characters of the input taken by the name, including the spaces after it; 0 when none. */
  consumed: number;
}

/**
 * The entry named at the start of `text`. The first space-separated word is tried whole; if it is
 * not a name, its longest prefix that is ("贺巴本月完成投资…" → "贺巴").
 */
export function matchEntityPrefix<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
  stopBefore: RegExp = /[,;:、。]/,
  fuzzy = true,
): PrefixMatch<T> {
  const lead = /^\s*/.exec(text)![0].length;
  const body = text.slice(lead);
  const word = /^\S+/.exec(body)?.[0] ?? '';
  const stop = word.search(stopBefore);
  const token = stop > 0 ? word.slice(0, stop) : word;
  if (token === '') return { match: { kind: 'none', text: '' }, consumed: 0 };
  const chars = [...token];
  const taken = (candidate: string, n: number): number => {
    let consumed = lead + candidate.length;
    if (n === chars.length) consumed += /^[\s:]*/.exec(body.slice(candidate.length))![0].length;
    return consumed;
  };
  for (let n = Math.min(chars.length, MAX_PREFIX); n >= 1; n -= 1) {
    const candidate = chars.slice(0, n).join('');
    const m = exactMatch(candidate, index, core);
    if (!m) continue;
    // "福六水厍 本月…": a word that only a typo keeps from being a name is that name, not its
    // exact start "福六水" followed by a stray character.
    const left = chars.slice(n).join('');
    if (
      fuzzy &&
      m.kind === 'found' &&
      left !== '' &&
      chars.length <= MAX_FUZZY_PREFIX &&
      CJK_CHAR.test(left)
    ) {
      const whole = fuzzyMatch(token, index, core);
      if (whole?.kind === 'found' && whole.entry === m.entry) {
        const { tier: _tier, ...match } = whole;
        return { match, consumed: taken(token, chars.length) };
      }
    }
    return { match: m, consumed: taken(candidate, n) };
  }
  if (fuzzy) {
    // The best fuzzy tier over all prefixes; for equal tiers the longer prefix.
    let best: { match: EntityMatch<T>; tier: number; n: number } | undefined;
    for (let n = Math.min(chars.length, MAX_FUZZY_PREFIX); n >= MIN_FUZZY; n -= 1) {
      const m = fuzzyMatch(chars.slice(0, n).join(''), index, core);
      if (m && (!best || m.tier < best.tier)) {
        const { tier, ...match } = m;
        best = { match, tier, n };
      }
    }
    if (best) {
      const candidate = chars.slice(0, best.n).join('');
      return { match: best.match, consumed: taken(candidate, best.n) };
    }
  }
  return { match: { kind: 'none', text: token }, consumed: 0 };
}

/** Entries whose name (exact key, or a core of 3+ characters) occurs in `text`, longest first. */
export function findEntityMentions<T>(text: string, index: readonly IndexedEntry<T>[]): T[] {
  const hay = exactKey(text);
  const hits: Array<{ entry: T; len: number }> = [];
  for (const item of index) {
    const keys = [
      ...item.exact.filter((k) => [...k].length >= 2),
      ...item.cores.filter((k) => [...k].length >= 3),
    ];
    const len = Math.max(0, ...keys.filter((k) => hay.includes(k)).map((k) => k.length));
    if (len > 0) hits.push({ entry: item.entry, len });
  }
  return hits.sort((a, b) => b.len - a.len).map((h) => h.entry);
}
