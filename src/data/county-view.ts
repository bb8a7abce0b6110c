/**
 * One county's view of the data layer (design.md "A city with several counties"): the same
 * repositories, with the library, problems, figures, events, funds and targets narrowed to the
 * county. The scheduled summaries are built from a view, so a county's 日报/周报/月报/通报 cover its
 * projects only, and no summary builder needs to know about counties.
 */
import { CITY, countyOf } from '../domain/county.ts';
import type { Data } from './index.ts';

export function countyView(data: Data, county: string): Data {
  const home = data.county;
  const { library, problems } = data;
  const projectsOf = async () => (await library.projects()).filter((p) => p.county === county);
  const codesOf = async () => new Set((await projectsOf()).map((p) => p.code));
  // A problem's county: its own, else its project's (another county's codes carry their county),
  // else the home county's.
  const onlyMine = async <T extends { county?: string | null; projectCode?: string | null }>(
    list: T[],
  ): Promise<T[]> => {
    const codes = await codesOf();
    return list.filter((p) =>
      p.county ? p.county === county : p.projectCode ? codes.has(p.projectCode) : county === home,
    );
  };
  const mineOrCity = (c: string | null | undefined) => c === county || c === CITY;
  return {
    ...data,
    library: {
      ...library,
      projects: projectsOf,
      projectIndex: (c) => library.projectIndex(c === undefined ? county : c),
      counties: async () => [county],
      units: async () => (await library.units()).filter((u) => mineOrCity(u.county)),
      unitIndex: (c) => library.unitIndex(c === undefined ? county : c),
      // Everyone stays known by name; those asked to act are the county's.
      withRole: async (...roles) =>
        (await library.people())
          .filter((p) => p.county === county && p.roles.some((r) => roles.includes(r)))
          .map((p) => p.userId),
      projectsOfContact: async (userId) =>
        (await library.projectsOfContact(userId)).filter((p) => p.county === county),
    },
    problems: {
      ...problems,
      list: async (filter) => onlyMine(await problems.list(filter)),
      overdue: async (today) => onlyMine(await problems.overdue(today)),
      dueBy: async (day) => onlyMine(await problems.dueBy(day)),
      activity: async (from, to, today) => onlyMine(await problems.activity(from, to, today)),
    },
    figures: {
      ...data.figures,
      all: async () => {
        const [rows, codes] = await Promise.all([data.figures.all(), codesOf()]);
        return rows.filter((r) => codes.has(r.projectCode));
      },
    },
    statusEvents: {
      ...data.statusEvents,
      upTo: async (day) => {
        const [events, codes] = await Promise.all([data.statusEvents.upTo(day), codesOf()]);
        return events.filter((e) => codes.has(e.projectCode));
      },
    },
    funds: {
      ...data.funds,
      all: async () => {
        const [all, codes] = await Promise.all([data.funds.all(), codesOf()]);
        return new Map([...all].filter(([code]) => codes.has(code)));
      },
    },
    settings: {
      ...data.settings,
      targetsFor: async (year) =>
        (await data.settings.targetsFor(year)).filter((t) => countyOf(t, home) === county),
    },
    standings: {
      ...data.standings,
      // One month's colours of every county in one document: a county's 通报 restates its own only.
      async save(month, colours, opts) {
        const [stored, codes] = await Promise.all([data.standings.get(month), codesOf()]);
        const merged = new Map([...(stored?.colours ?? [])].filter(([code]) => !codes.has(code)));
        for (const [code, colour] of colours) merged.set(code, colour);
        await data.standings.save(month, merged, opts);
      },
    },
  };
}

/**
 * The counties whose groups get their own summaries, or null for a one-county deployment (every
 * project and group of the home county, and no city group): summaries then go to every group as
 * they always have.
 */
export async function countiesServed(data: Data): Promise<string[] | null> {
  const [counties, groups] = await Promise.all([data.library.counties(), data.groups.active()]);
  const home = data.county;
  const groupCounties = groups.map((g) => countyOf(g, home));
  if (counties.every((c) => c === home) && groupCounties.every((c) => c === home)) return null;
  return counties;
}
