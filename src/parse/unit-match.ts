/**
 * Units (县自然资源局, 重大办 …) by full name, short form, or an unambiguous part: "自然资源局",
 * "资源局", "交通局" (in order inside 交通运输局), "重大办" (简称 of 县重大项目建设办公室).
 * A leading 忻城县 / 忻城 / 县 does not count.
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
import type { UnitEntry, UnitMatch } from './types.ts';

export function unitCore(key: string): string {
  return key.replace(/^(?:忻城县|忻城|县)/, '').trim();
}

const cache = new WeakMap<readonly UnitEntry[], IndexedEntry<UnitEntry>[]>();

function indexOf(units: readonly UnitEntry[]): IndexedEntry<UnitEntry>[] {
  let index = cache.get(units);
  if (!index) {
    index = indexEntries(units, (u) => [u.name, u.shortName], unitCore);
    cache.set(units, index);
  }
  return index;
}

function toUnitMatch(m: EntityMatch<UnitEntry>): UnitMatch {
  if (m.kind === 'found')
    return m.fuzzy ? { kind: 'found', unit: m.entry, fuzzy: true } : { kind: 'found', unit: m.entry };
  return m;
}

export function resolveUnit(text: string, units: readonly UnitEntry[]): UnitMatch {
  return toUnitMatch(resolveEntity(text, indexOf(units), unitCore));
}

/** The unit named at the start of an argument string and the characters it took. */
export function matchUnitPrefix(
  text: string,
  units: readonly UnitEntry[],
): { match: UnitMatch; consumed: number } {
  const m = matchEntityPrefix(text, indexOf(units), unitCore);
  return { match: toUnitMatch(m.match), consumed: m.consumed };
}

/** Units whose full name or short name appears somewhere in the text, longest first. */
export function findUnitMentions(text: string, units: readonly UnitEntry[]): UnitEntry[] {
  return findEntityMentions(text, indexOf(units));
}

/**
 * The unit a problem asks for help from: "需县自然资源局协调", "请重大办协调解决".
 * Falls back to any unit named in the text.
 */
export function findRequestedUnit(
  text: string,
  units: readonly UnitEntry[],
): { unit: UnitMatch; words: string } | undefined {
  const m =
    /(?:需要?|请|由|提请|望)\s*([\u4e00-\u9fff()]{2,20}?)\s*(?:协调|解决|支持|帮助|配合|牵头|处理|推进|督促|办理)/.exec(
      text,
    );
  if (m) {
    const words = m[1]!;
    const unit = resolveUnit(words, units);
    if (unit.kind !== 'none') return { unit, words };
  }
  const mentioned = findUnitMentions(text, units)[0];
  if (mentioned) return { unit: { kind: 'found', unit: mentioned }, words: mentioned.name };
  return m ? { unit: { kind: 'none', text: m[1]! }, words: m[1]! } : undefined;
}

/** Up to three entries nearest to a name that matched nothing, for a refusal to list. */
export function nearestUnits(text: string, units: readonly UnitEntry[]): UnitEntry[] {
  return nearestEntries(text, indexOf(units), unitCore);
}
