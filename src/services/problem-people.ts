/**
 * The people a problem concerns: the responsible unit and its head, the project's commander and
 * county leaders, the 重大办 — all read from the library the data layer keeps in memory.
 */
import type { Library } from '../data/index.ts';

export type { UnitFacts } from '../data/index.ts';

export interface ProjectFacts {
  code: string;
  name: string;
  shortName?: string | null;
  leadUnit?: string | null;
  leaderIds: string[];
  commanderIds: string[];
  contactIds: string[];
  /** The project's county (src/domain/county.ts). */
  county?: string;
}

export async function findProject(library: Library, code: string): Promise<ProjectFacts | null> {
  const p = await library.project(code);
  if (!p) return null;
  return {
    code: p.code,
    name: p.name,
    shortName: p.shortName,
    leadUnit: p.leadUnit,
    leaderIds: p.leaderIds ?? [],
    commanderIds: p.commanderIds ?? [],
    contactIds: p.contactIds ?? [],
    ...(p.county ? { county: p.county } : {}),
  };
}

/** Userid → 姓名 (the userid itself for someone not in the library). */
export async function nameOf(library: Library, ids: Iterable<string>): Promise<(userId: string) => string> {
  const names = await library.personNames(ids);
  return (id) => names.get(id) ?? id;
}

/** Everyone with the 重大办 role: they carry tier-3 and tier-4 problems. */
export function dispatchOfficeIds(library: Library): Promise<string[]> {
  return library.withRole('重大办');
}

/**
 * Who carries a tier: 2 the project's county leaders, 3 the 重大办 (of the project's county when
 * people are registered by county), 4 the 市重大办 (市重大项目协调会), or the 重大办 of a deployment
 * without one.
 */
export async function tierPeople(
  library: Library,
  tier: number,
  project: ProjectFacts | null,
): Promise<string[]> {
  if (tier === 2 && project?.leaderIds.length) return [...project.leaderIds];
  if (tier >= 4) {
    const city = await library.withRole('市重大办');
    if (city.length) return city;
  }
  const office = await dispatchOfficeIds(library);
  if (!project?.county) return office;
  const people = await library.people();
  const own = office.filter((id) => people.find((p) => p.userId === id)?.county === project.county);
  return own.length ? own : office;
}

export function unique(ids: Array<string | null | undefined>): string[] {
  return [...new Set(ids.filter((x): x is string => Boolean(x)))];
}
