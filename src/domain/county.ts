/**
 * Counties in one deployment (design.md "A city with several counties"). A deployment has a home
 * county (config COUNTY, 忻城县 by default): a document without a county belongs to it, so a store
 * from before counties and a one-county workbook without 县区 keep working unchanged. Rows with 县区 =
 * 全市 belong to the city (its groups, units and people).
 *
 * Every other table names a project by its `code`; a project outside the home county stores its code
 * prefixed with its county ("兴宾区:XB-001"), so codes stay unique across counties and nothing keyed
 * by project code needs a county of its own. People see and type the 项目编号 without the prefix.
 */

export const DEFAULT_COUNTY = '忻城县';
export const CITY = '全市';

/** Between a county and its 项目编号: a character no 项目编号 may contain (src/import/project-sheet.ts). */
const SEP = ':';

/** A document's county: its own, or the home county when it has none. */
export function countyOf(doc: { county?: string | null } | null | undefined, home: string): string {
  return doc?.county || home;
}

/** The stored code of a county's 项目编号. */
export function projectRef(code: string, county: string | null | undefined, home: string): string {
  return !county || county === home ? code : `${county}${SEP}${code}`;
}

/** The county of a stored project code. */
export function countyOfRef(ref: string, home: string): string {
  const i = ref.indexOf(SEP);
  return i < 0 ? home : ref.slice(0, i);
}

/** The 项目编号 people use, without the county prefix. */
export function localCode(ref: string): string {
  const i = ref.indexOf(SEP);
  return i < 0 ? ref : ref.slice(i + 1);
}

export const isCity = (county: string | null | undefined): boolean => county === CITY;

/**
 * Where a message is read: a county (names resolve there, actions stay there) or the whole city
 * (`county` null).
 */
export interface Scope {
  county: string | null;
}

/** Whether a county-bound actor (county) may act on something of `target` county. */
export function sameCounty(actorCounty: string, targetCounty: string): boolean {
  return actorCounty === CITY || actorCounty === targetCounty;
}
