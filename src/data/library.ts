/**
 * The project library in memory: projects, units and people change only by import or a status
 * change, yet every message needs them (name matching, permissions), so they are loaded once per
 * process and reused. Any change bumps the library version (a counter); every process compares it at
 * most every `checkEveryMs` and reloads when it moved. This is the one way to the library: services,
 * jobs and handlers get it from the data layer, never from a module of their own.
 */

import { type Person, PersonModel } from '../../models/person.model.ts';
import { type Project, ProjectModel } from '../../models/project.model.ts';
import { type Unit, UnitModel } from '../../models/unit.model.ts';
import { type ApprovalItem, plainItem } from '../domain/approvals.ts';
import { countyOf, DEFAULT_COUNTY, isCity, localCode } from '../domain/county.ts';
import type { Sequences } from './sequences.ts';

type WithId<T> = T & { _id: unknown };
export type ProjectDoc = WithId<Project>;
export type UnitDoc = WithId<Unit>;
export type PersonDoc = WithId<Person>;

export interface ProjectIndexEntry {
  code: string;
  name: string;
  shortName?: string;
  aliases?: string[];
  /** In a city-wide index: the project's county, shown when a name is ambiguous. */
  county?: string;
}

export interface UnitIndexEntry {
  name: string;
  shortName?: string;
  headId?: string;
}

export interface UnitFacts {
  name: string;
  headId?: string | null;
}

export interface Library {
  /**
   * Every project; every document the library serves carries its county (src/domain/county.ts: the
   * home county for one stored without).
   */
  projects(): Promise<ProjectDoc[]>;
  project(code: string): Promise<ProjectDoc | null>;
  /**
   * What name matching needs: code, full name, 简称 and aliases. `county`: only that county's
   * projects (their 项目编号 without the county prefix matches too); null: the whole city, each entry
   * with its county; absent: every project as one county (a one-county deployment).
   */
  projectIndex(county?: string | null): Promise<ProjectIndexEntry[]>;
  /** The counties with projects, home county first. */
  counties(): Promise<string[]>;
  units(): Promise<UnitDoc[]>;
  /** `county`: that county's units and the city's; absent or null: every unit. */
  unitIndex(county?: string | null): Promise<UnitIndexEntry[]>;
  people(): Promise<PersonDoc[]>;
  person(userId: string): Promise<PersonDoc | null>;
  /** Projects where the user is 项目联系人, 指挥长 or 联系县领导. */
  projectsOfContact(userId: string): Promise<ProjectDoc[]>;
  /** Whether the user is contact / commander / county leader of any project. */
  projectRolesOf(userId: string): Promise<{ contact: boolean; commander: boolean; leader: boolean }>;
  /**
   * The unit for what someone typed: exact name, 简称, or an unambiguous part of the name
   * ("自然资源局" → 县自然资源局). Null when nothing or several match.
   */
  findUnit(typed: string | null | undefined, county?: string | null): Promise<UnitFacts | null>;
  /** `county`: that county's unit of the name first (units are named alike in every county). */
  unitHead(unitName: string | null | undefined, county?: string | null): Promise<string | null>;
  /** Userids with one of the roles. */
  withRole(...roles: string[]): Promise<string[]>;
  /** Userid → 姓名 (the userid itself for someone unknown). */
  personNames(ids: Iterable<string>): Promise<Map<string, string>>;
  /** Project code → full name (the code itself when unknown). */
  projectNames(): Promise<(code: string) => string>;
  /** Sets fields of a project (a status change from chat) and tells every process the library moved. */
  updateProject(code: string, set: Record<string, unknown>, unset?: string[]): Promise<void>;
  /**
   * Changes a project's approval items (审批 / 批复): `change` gets them as stored right now and
   * returns the new list, or null to change nothing; it may throw to refuse. One conditional update
   * (on the project's updatedAt, which every write of the project moves), retried on fresh items when
   * another write came first, so two 批复 of one project at once both stay. Null: no such project.
   */
  changeApprovals(
    code: string,
    change: (items: ApprovalItem[]) => ApprovalItem[] | null,
  ): Promise<{ before: ApprovalItem[]; after: ApprovalItem[] } | null>;
  /** Says the projects, units or people changed (an import): every process reloads. */
  changed(): Promise<void>;
  /** Drops this process's copy; the next call reloads. */
  invalidate(): void;
}

/** The counter every library change bumps; caches compare it to know their copy is stale. */
export const LIBRARY_VERSION_KEY = 'library-version';

interface Snapshot {
  /** The database it was read from. */
  db: string;
  /**
   * Name indexes already built, by county ('' every project, '*' the city): made once per copy, since
   * the parser caches its own indexes (prefix keys, pinyin, mentions) by the array it is given, and a
   * new array per message rebuilt them for every message (at 3,000 projects most of the bot's CPU).
   */
  indexes: Map<string, ProjectIndexEntry[]>;
  unitIndexes: Map<string, UnitIndexEntry[]>;
  counties: string[];
  version: number;
  checkedAt: number;
  projects: ProjectDoc[];
  byCode: Map<string, ProjectDoc>;
  units: UnitDoc[];
  people: PersonDoc[];
  byUserId: Map<string, PersonDoc>;
}

export function createLibrary(opts: {
  sequences: Sequences;
  /** The home county (src/domain/county.ts). */
  county?: string;
  ttlMs?: number;
  /** How stale a copy may be: an `npm run import` in another process shows in the next message. */
  checkEveryMs?: number;
  now?: () => number;
}): Library {
  const now = opts.now ?? Date.now;
  const home = opts.county ?? DEFAULT_COUNTY;
  const checkEveryMs = opts.checkEveryMs ?? 100;
  const ttlMs = opts.ttlMs ?? 10 * 60_000;
  let snap: Snapshot | undefined;
  let loadedAt = 0;
  let loading: Promise<Snapshot> | undefined;

  async function load(): Promise<Snapshot> {
    const db = ProjectModel.db.name;
    const version = await opts.sequences.current(LIBRARY_VERSION_KEY);
    const [projects, units, people] = await Promise.all([
      ProjectModel.find().sort({ code: 1 }).lean<ProjectDoc[]>(),
      UnitModel.find().sort({ name: 1 }).lean<UnitDoc[]>(),
      PersonModel.find().sort({ userId: 1 }).lean<PersonDoc[]>(),
    ]);
    loadedAt = now();
    // Every document served carries its county, so no caller has to know the home-county rule.
    for (const d of [...projects, ...units, ...people]) d.county = countyOf(d, home);
    const counties = [...new Set(projects.map((p) => p.county as string))].sort((a, b) =>
      a === home ? -1 : b === home ? 1 : a.localeCompare(b, 'zh'),
    );
    return {
      db,
      indexes: new Map(),
      unitIndexes: new Map(),
      counties,
      version,
      checkedAt: loadedAt,
      projects,
      byCode: new Map(projects.map((p) => [p.code, p])),
      units,
      people,
      byUserId: new Map(people.map((p) => [p.userId, p])),
    };
  }

  async function get(): Promise<Snapshot> {
    const t = now();
    // A copy of another database's library (a process that switched databases) is never reused,
    // even when the version numbers happen to match.
    if (snap && t - loadedAt < ttlMs && snap.db === ProjectModel.db.name) {
      if (t - snap.checkedAt < checkEveryMs) return snap;
      const current = snap;
      current.checkedAt = t;
      if ((await opts.sequences.current(LIBRARY_VERSION_KEY)) === current.version) return current;
    }
    // Concurrent callers share one load instead of each reading the whole library.
    loading ??= load().finally(() => {
      loading = undefined;
    });
    const fresh = await loading;
    snap = fresh;
    return fresh;
  }

  const library: Library = {
    projects: async () => (await get()).projects,
    project: async (code) => (await get()).byCode.get(code) ?? null,
    async projectIndex(county) {
      const s = await get();
      const key = county === undefined ? '' : county === null ? '*' : county;
      let index = s.indexes.get(key);
      if (!index) {
        const members =
          typeof county === 'string' ? s.projects.filter((p) => p.county === county) : s.projects;
        index = members.map((p) => {
          const aliases = [...(p.aliases ?? [])];
          // Another county's stored code carries its county; people type the 项目编号 alone.
          if (localCode(p.code) !== p.code) aliases.push(localCode(p.code));
          return {
            code: p.code,
            name: p.name,
            ...(p.shortName ? { shortName: p.shortName } : {}),
            ...(aliases.length ? { aliases } : {}),
            ...(county === null ? { county: p.county as string } : {}),
          };
        });
        s.indexes.set(key, index);
      }
      return index;
    },
    counties: async () => (await get()).counties,
    units: async () => (await get()).units,
    async unitIndex(county) {
      const s = await get();
      const key = county ?? '';
      let index = s.unitIndexes.get(key);
      if (!index) {
        index = s.units
          .filter((u) => !county || u.county === county || isCity(u.county))
          // The city reads names only: a name several counties share is one entry.
          .filter((u, i, list) => list.findIndex((o) => o.name === u.name) === i)
          .map((u) => ({
            name: u.name,
            ...(u.shortName ? { shortName: u.shortName } : {}),
            ...(u.headId ? { headId: u.headId } : {}),
          }));
        s.unitIndexes.set(key, index);
      }
      return index;
    },
    people: async () => (await get()).people,
    person: async (userId) => (await get()).byUserId.get(userId) ?? null,
    projectsOfContact: async (userId) =>
      (await get()).projects.filter(
        (p) =>
          p.contactIds.includes(userId) || p.commanderIds.includes(userId) || p.leaderIds.includes(userId),
      ),
    async projectRolesOf(userId) {
      const projects = (await get()).projects;
      return {
        contact: projects.some((p) => p.contactIds.includes(userId)),
        commander: projects.some((p) => p.commanderIds.includes(userId)),
        leader: projects.some((p) => p.leaderIds.includes(userId)),
      };
    },
    async findUnit(typed, county) {
      const t = typed?.trim();
      if (!t) return null;
      const all = (await get()).units;
      // Within a county: its units and the city's; a name no unit there has may be another's.
      const own = county ? all.filter((u) => u.county === county || isCity(u.county)) : all;
      const units = own.some((u) => u.name === t || u.shortName === t || u.name.includes(t)) ? own : all;
      const pick = (u: UnitDoc) => ({ name: u.name, headId: u.headId });
      const exact = units.find((u) => u.name === t || u.shortName === t);
      if (exact) return pick(exact);
      const partial = units.filter((u) => u.name.includes(t) || t.includes(u.name));
      return partial.length === 1 ? pick(partial[0]!) : null;
    },
    async unitHead(unitName, county) {
      if (!unitName) return null;
      const named = (await get()).units.filter((u) => u.name === unitName);
      return (named.find((u) => u.county === county) ?? named[0])?.headId ?? null;
    },
    async withRole(...roles) {
      return (await get()).people.filter((p) => p.roles.some((r) => roles.includes(r))).map((p) => p.userId);
    },
    async personNames(ids) {
      const byUserId = (await get()).byUserId;
      const names = new Map<string, string>();
      for (const id of ids) if (id) names.set(id, byUserId.get(id)?.name ?? id);
      return names;
    },
    async projectNames() {
      const byCode = (await get()).byCode;
      return (code) => byCode.get(code)?.name ?? code;
    },
    async updateProject(code, set, unset = []) {
      const update: Record<string, unknown> = {};
      if (Object.keys(set).length) update.$set = set;
      if (unset.length) update.$unset = Object.fromEntries(unset.map((k) => [k, '']));
      if (!Object.keys(update).length) return;
      await ProjectModel.updateOne({ code }, update);
      await library.changed();
    },
    async changeApprovals(code, change) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const doc = await ProjectModel.findOne({ code }, { approvals: 1, updatedAt: 1 }).lean<{
          _id: unknown;
          approvals?: ApprovalItem[];
          updatedAt?: Date;
        }>();
        if (!doc) return null;
        const before = (doc.approvals ?? []).map(plainItem);
        const next = change(before.map((a) => ({ ...a })));
        if (!next) return { before, after: before };
        const after = next.map(plainItem);
        const res = await ProjectModel.updateOne(
          { _id: doc._id, updatedAt: doc.updatedAt ?? null },
          { $set: { approvals: after } },
        );
        if (res.matchedCount === 0) continue;
        await library.changed();
        return { before, after };
      }
      throw new Error(`approvals of ${code}: no update after 20 attempts`);
    },
    async changed() {
      await opts.sequences.next(LIBRARY_VERSION_KEY);
      snap = undefined;
    },
    invalidate: () => {
      snap = undefined;
    },
  };
  return library;
}
