/**
 * The people a problem concerns: the responsible unit and its head, the project's commander and
 * county leaders, the 重大办. Read from the process's library, which follows imports and status
 * changes (src/library): reading the models would scan every project or person per message.
 */
import { sharedLibrary } from '../library/shared.ts';
import { personNames as namesOf } from './project-queries.ts';

export interface ProjectFacts {
  code: string;
  name: string;
  shortName?: string | null;
  leadUnit?: string | null;
  leaderIds: string[];
  commanderIds: string[];
  contactIds: string[];
}

export async function findProject(code: string): Promise<ProjectFacts | null> {
  const p = await sharedLibrary().project(code);
  if (!p) return null;
  return {
    code: p.code,
    name: p.name,
    shortName: p.shortName,
    leadUnit: p.leadUnit,
    leaderIds: p.leaderIds ?? [],
    commanderIds: p.commanderIds ?? [],
    contactIds: p.contactIds ?? [],
  };
}

/** Project code → full name, for lists; unknown codes show as the code. */
export async function projectNames(codes: Iterable<string>): Promise<(code: string) => string> {
  const library = sharedLibrary();
  const names = new Map<string, string>();
  for (const code of new Set(codes)) {
    const p = await library.project(code);
    if (p) names.set(code, p.name);
  }
  return (code) => names.get(code) ?? code;
}

/** Userid → 姓名 (the userid itself for someone not in the library). */
export async function personNames(ids: Iterable<string>): Promise<(userId: string) => string> {
  const names = await namesOf(ids);
  return (id) => names.get(id) ?? id;
}

export interface UnitFacts {
  name: string;
  headId?: string | null;
}

/**
 * The library's unit for what someone typed: exact name, 简称, or an unambiguous part of the name
 * ("自然资源局" → 县自然资源局). Null when nothing or several match.
 */
export async function findUnit(typed: string | null | undefined): Promise<UnitFacts | null> {
  const t = typed?.trim();
  if (!t) return null;
  const units = await sharedLibrary().units();
  const exact = units.find((u) => u.name === t || u.shortName === t);
  const pick = (u: (typeof units)[number]) => ({ name: u.name, headId: u.headId });
  if (exact) return pick(exact);
  const partial = units.filter((u) => u.name.includes(t) || t.includes(u.name));
  return partial.length === 1 ? pick(partial[0]!) : null;
}

export async function unitHead(unitName: string | null | undefined): Promise<string | null> {
  if (!unitName) return null;
  const u = (await sharedLibrary().units()).find((x) => x.name === unitName);
  return u?.headId ?? null;
}

/** Everyone with the 重大办 role: they carry tier-3 and tier-4 problems. */
export async function dispatchOfficeIds(): Promise<string[]> {
  const people = await sharedLibrary().people();
  return people.filter((p) => p.roles.includes('重大办')).map((p) => p.userId);
}

/** Whether the person is contact / commander / county leader of any project (for 帮助). */
export async function projectRolesOf(
  userId: string,
): Promise<{ contact: boolean; commander: boolean; leader: boolean }> {
  const projects = await sharedLibrary().projects();
  return {
    contact: projects.some((p) => p.contactIds.includes(userId)),
    commander: projects.some((p) => p.commanderIds.includes(userId)),
    leader: projects.some((p) => p.leaderIds.includes(userId)),
  };
}

export function unique(ids: Array<string | null | undefined>): string[] {
  return [...new Set(ids.filter((x): x is string => Boolean(x)))];
}
