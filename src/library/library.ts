/**
 * The project library in memory: projects, units and people change only by import, yet every
 * message needs them (name matching, permissions), so they are loaded once and reused. Another
 * process's import is noticed through the version counter, checked at most every `checkEveryMs`.
 */
import { currentSequence } from '../../models/counter.model.ts';
import { type Person, PersonModel } from '../../models/person.model.ts';
import { type Project, ProjectModel } from '../../models/project.model.ts';
import { type Unit, UnitModel } from '../../models/unit.model.ts';
import { LIBRARY_VERSION_KEY } from './version.ts';

type WithId<T> = T & { _id: unknown };
export type ProjectDoc = WithId<Project>;
export type UnitDoc = WithId<Unit>;
export type PersonDoc = WithId<Person>;

export interface ProjectIndexEntry {
  code: string;
  name: string;
  shortName?: string;
  aliases?: string[];
}

export interface UnitIndexEntry {
  name: string;
  shortName?: string;
  headId?: string;
}

export interface Library {
  projects(): Promise<ProjectDoc[]>;
  project(code: string): Promise<ProjectDoc | null>;
  /** What name matching needs: code, full name, 简称 and aliases. */
  projectIndex(): Promise<ProjectIndexEntry[]>;
  units(): Promise<UnitDoc[]>;
  unitIndex(): Promise<UnitIndexEntry[]>;
  people(): Promise<PersonDoc[]>;
  person(userId: string): Promise<PersonDoc | null>;
  /** Projects where the user is 项目联系人, 指挥长 or 联系县领导. */
  projectsOfContact(userId: string): Promise<ProjectDoc[]>;
  /** Drops the cached copy; the next call reloads. */
  invalidate(): void;
}

interface Snapshot {
  /** The database it was read from. */
  db: string;
  version: number;
  checkedAt: number;
  projects: ProjectDoc[];
  byCode: Map<string, ProjectDoc>;
  units: UnitDoc[];
  people: PersonDoc[];
  byUserId: Map<string, PersonDoc>;
}

export function createLibrary(
  opts: { ttlMs?: number; checkEveryMs?: number; now?: () => number } = {},
): Library {
  const now = opts.now ?? Date.now;
  const checkEveryMs = opts.checkEveryMs ?? 3000;
  const ttlMs = opts.ttlMs ?? 10 * 60_000;
  let snap: Snapshot | undefined;
  let loadedAt = 0;
  let loading: Promise<Snapshot> | undefined;

  async function load(): Promise<Snapshot> {
    const db = ProjectModel.db.name;
    const version = await currentSequence(LIBRARY_VERSION_KEY);
    const [projects, units, people] = await Promise.all([
      ProjectModel.find().sort({ code: 1 }).lean<ProjectDoc[]>(),
      UnitModel.find().sort({ name: 1 }).lean<UnitDoc[]>(),
      PersonModel.find().sort({ userId: 1 }).lean<PersonDoc[]>(),
    ]);
    loadedAt = now();
    return {
      db,
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
      if ((await currentSequence(LIBRARY_VERSION_KEY)) === current.version) return current;
    }
    // Concurrent callers share one load instead of each reading the whole library.
    loading ??= load().finally(() => {
      loading = undefined;
    });
    const fresh = await loading;
    snap = fresh;
    return fresh;
  }

  return {
    projects: async () => (await get()).projects,
    project: async (code) => (await get()).byCode.get(code) ?? null,
    projectIndex: async () =>
      (await get()).projects.map((p) => ({
        code: p.code,
        name: p.name,
        ...(p.shortName ? { shortName: p.shortName } : {}),
        ...(p.aliases?.length ? { aliases: p.aliases } : {}),
      })),
    units: async () => (await get()).units,
    unitIndex: async () =>
      (await get()).units.map((u) => ({
        name: u.name,
        ...(u.shortName ? { shortName: u.shortName } : {}),
        ...(u.headId ? { headId: u.headId } : {}),
      })),
    people: async () => (await get()).people,
    person: async (userId) => (await get()).byUserId.get(userId) ?? null,
    projectsOfContact: async (userId) =>
      (await get()).projects.filter(
        (p) =>
          p.contactIds.includes(userId) || p.commanderIds.includes(userId) || p.leaderIds.includes(userId),
      ),
    invalidate: () => {
      snap = undefined;
    },
  };
}
