/**
 * Finding one entry of a small index (projects, units) from what people type: exact code or name,
 * a name "core" with county boilerplate removed, or an unambiguous fragment of it.
 *
 * Tiers, best first: 0 code / exact name; 1 same core; 2 fragment (the typed core is part of a
 * name's core); 3 the typed characters appear in order in one core ("河池高铁"). A unique entry at
 * the best tier that matched is 'found'; several at that tier are 'ambiguous' (fragments are all
 * one tier, so "中学" is ambiguous between 高级中学 and 中学).
 */

export type EntityMatch<T> =
  | { kind: 'found'; entry: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'none'; text: string };

export interface IndexedEntry<T> {
  entry: T;
  exact: string[];
  cores: string[];
}

export const MAX_CANDIDATES = 8;
const MIN_FRAGMENT = 2;
const MIN_SUBSEQUENCE = 3;
/** Longest prefix tried when a name runs into the report body without a space. */
const MAX_PREFIX = 40;

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
): IndexedEntry<T>[] {
  return entries.map((entry) => {
    const names = [...new Set(present(namesOf(entry)).map(exactKey))].filter((k) => k !== '');
    const codes = present(codesOf(entry)).map(exactKey);
    const cores = [...new Set(names.map(core))].filter((k) => k !== '');
    return { entry, exact: [...new Set([...codes, ...names])].filter((k) => k !== ''), cores };
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

export function resolveEntity<T>(
  text: string,
  index: readonly IndexedEntry<T>[],
  core: (key: string) => string,
): EntityMatch<T> {
  const exact = exactKey(text);
  const c = core(exact);
  const scored: Array<{ item: IndexedEntry<T>; tier: number; rank: number }> = [];
  for (const item of index) {
    const t = tierOf(item, exact, c);
    if (t) scored.push({ item, ...t });
  }
  if (scored.length === 0) return { kind: 'none', text: text.trim() };
  scored.sort((a, b) => a.tier - b.tier || a.rank - b.rank);
  const bestTier = scored[0]!.tier;
  const atBest = scored.filter((s) => s.tier === bestTier);
  if (atBest.length === 1) return { kind: 'found', entry: atBest[0]!.item.entry };
  return { kind: 'ambiguous', candidates: atBest.slice(0, MAX_CANDIDATES).map((s) => s.item.entry) };
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
): PrefixMatch<T> {
  const lead = /^\s*/.exec(text)![0].length;
  const body = text.slice(lead);
  const word = /^\S+/.exec(body)?.[0] ?? '';
  const stop = word.search(stopBefore);
  const token = stop > 0 ? word.slice(0, stop) : word;
  if (token === '') return { match: { kind: 'none', text: '' }, consumed: 0 };
  const chars = [...token];
  for (let n = Math.min(chars.length, MAX_PREFIX); n >= 1; n -= 1) {
    const candidate = chars.slice(0, n).join('');
    const m = resolveEntity(candidate, index, core);
    if (m.kind === 'none') continue;
    let consumed = lead + candidate.length;
    if (n === chars.length) {
      const after = body.slice(candidate.length);
      consumed += /^[\s:]*/.exec(after)![0].length;
    }
    return { match: m, consumed };
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
