/**
 * Projects by code, full name, 简称, alias, or an unambiguous part of the name. County and
 * boilerplate words (广西/来宾市/忻城县/县/项目/工程, brackets, a trailing 段) do not count, so
 * "贺巴" finds 贺巴高速公路(忻城段) and "福六水库工程" finds 广西来宾市忻城县福六水库工程.
 */
import {
  type EntityMatch,
  findEntityMentions,
  type IndexedEntry,
  indexEntries,
  matchEntityPrefix,
  nearestEntries,
  resolveEntity,
} from './entity-match.ts';
import type { ProjectEntry, ProjectMatch } from './types.ts';

export function projectCore(key: string): string {
  return key
    .replace(/广西壮族自治区|广西|来宾市|忻城县|忻城|县|项目|工程/g, '')
    .replace(/段$/, '')
    .trim();
}

const cache = new WeakMap<readonly ProjectEntry[], IndexedEntry<ProjectEntry>[]>();

function indexOf(projects: readonly ProjectEntry[]): IndexedEntry<ProjectEntry>[] {
  let index = cache.get(projects);
  if (!index) {
    index = indexEntries(
      projects,
      (p) => [p.name, p.shortName, ...(p.aliases ?? [])],
      projectCore,
      (p) => [p.code],
      4,
    );
    cache.set(projects, index);
  }
  return index;
}

function toProjectMatch(m: EntityMatch<ProjectEntry>): ProjectMatch {
  if (m.kind === 'found')
    return m.fuzzy ? { kind: 'found', project: m.entry, fuzzy: true } : { kind: 'found', project: m.entry };
  return m;
}

/** The project a whole argument names. */
export function resolveProject(text: string, projects: readonly ProjectEntry[]): ProjectMatch {
  return toProjectMatch(resolveEntity(text, indexOf(projects), projectCore));
}

/**
 * The project named at the start of an argument string and how many characters the name took
 * (with the spaces after it): "贺巴本月完成投资1200万" → 贺巴高速公路(忻城段), consumed 2.
 * When nothing matches, `consumed` is 0 and `match.text` is the first word.
 */
export function matchProjectPrefix(
  text: string,
  projects: readonly ProjectEntry[],
): { match: ProjectMatch; consumed: number } {
  const m = matchEntityPrefix(text, indexOf(projects), projectCore);
  return { match: toProjectMatch(m.match), consumed: m.consumed };
}

/** Projects whose code or full name / 简称 / alias appears somewhere in the text, longest first. */
export function findProjectMentions(text: string, projects: readonly ProjectEntry[]): ProjectEntry[] {
  return findEntityMentions(text, indexOf(projects));
}

/** Up to three entries nearest to a name that matched nothing, for a refusal to list. */
export function nearestProjects(text: string, projects: readonly ProjectEntry[]): ProjectEntry[] {
  return nearestEntries(text, indexOf(projects), projectCore);
}
