/**
 * Projects named anywhere in a sentence ("我们贺巴高速这个月完成了1200万"), not only at its start.
 * Keys are each project's code, names, and every leading part (2+ characters) of its name core,
 * since people shorten names from the front (贺巴, 福六, 鸳鸯湖). A two-character key that is a sector
 * word (工业, 交通 …) is left out: "工业投资" is about the sector, not 忻城"工业云".
 * The scan goes left to right and takes the longest name starting at each place.
 */
import { exactKey, MAX_CANDIDATES } from './entity-match.ts';
import { projectCore } from './project-match.ts';
import { parseSector } from './query.ts';
import type { ProjectEntry, ProjectMatch } from './types.ts';

export interface ProjectMention {
  start: number;
  end: number;
  words: string;
  match: ProjectMatch;
}

type KeyIndex = Map<string, Array<{ key: string; entries: ProjectEntry[] }>>;

const cache = new WeakMap<readonly ProjectEntry[], KeyIndex>();

/** Keys by their first character, longest first, so a scan looks only at keys that can start there. */
function keysOf(projects: readonly ProjectEntry[]): KeyIndex {
  let index = cache.get(projects);
  if (index) return index;
  const map = new Map<string, Set<ProjectEntry>>();
  const add = (key: string, p: ProjectEntry) => {
    if ([...key].length < 2 || !/[\u3400-\u9fff]|\d{3}/.test(key)) return;
    if ([...key].length === 2 && parseSector(key)) return;
    const set = map.get(key) ?? new Set<ProjectEntry>();
    set.add(p);
    map.set(key, set);
  };
  for (const p of projects) {
    const names = [p.name, p.shortName, ...(p.aliases ?? [])].filter(
      (n): n is string => !!n && n.trim() !== '',
    );
    add(p.code.toLowerCase(), p);
    for (const name of names) {
      add(name.toLowerCase(), p);
      const core = projectCore(exactKey(name));
      const chars = [...core];
      for (let n = 2; n <= chars.length; n += 1) add(chars.slice(0, n).join(''), p);
    }
  }
  index = new Map();
  for (const [key, set] of map) {
    const first = key[0]!;
    const list = index.get(first) ?? [];
    list.push({ key, entries: [...set] });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((x, y) => y.key.length - x.key.length);
  cache.set(projects, index);
  return index;
}

// One message asks several times (question, report, content); remember the last answer.
let last: { text: string; projects: readonly ProjectEntry[]; mentions: ProjectMention[] } | undefined;

/** The projects named in `text`, in order; overlapping names keep the longest. */
export function findProjectsInText(text: string, projects: readonly ProjectEntry[]): ProjectMention[] {
  if (last && last.text === text && last.projects === projects) return last.mentions;
  const mentions = scan(text, projects);
  last = { text, projects, mentions };
  return mentions;
}

function scan(text: string, projects: readonly ProjectEntry[]): ProjectMention[] {
  const hay = text.slice(0, 1000).toLowerCase();
  const index = keysOf(projects);
  const spans: ProjectMention[] = [];
  // Left to right, the longest name starting at each place; the scan goes on after it.
  for (let at = 0; at < hay.length; ) {
    const hit = index.get(hay[at]!)?.find(({ key }) => hay.startsWith(key, at));
    if (!hit) {
      at += 1;
      continue;
    }
    const end = at + hit.key.length;
    const match: ProjectMatch =
      hit.entries.length === 1
        ? { kind: 'found', project: hit.entries[0]! }
        : { kind: 'ambiguous', candidates: hit.entries.slice(0, MAX_CANDIDATES) };
    spans.push({ start: at, end, words: text.slice(at, end), match });
    at = end;
  }
  return spans;
}

/** The distinct projects found, in order of first mention. */
export function distinctFound(mentions: readonly ProjectMention[]): ProjectEntry[] {
  const out: ProjectEntry[] = [];
  for (const m of mentions)
    if (m.match.kind === 'found' && !out.includes(m.match.project)) out.push(m.match.project);
  return out;
}
