/**
 * 红黄绿 → 督办 (design.md): a project shown 红 in two consecutive monthly 通报 gets one 督办事项 for
 * its 牵头单位, at tier 2 (its 联系县领导), made by the bulletin job; never a second one while that
 * one is open. The job stores the colours of each 通报 it posts (src/data/standings.ts). Only
 * colours a posted 通报 showed count: a month without a stored 通报 (before this version, or a
 * month the job never ran) makes nothing, rather than a flood of 督办事项 for months nobody saw.
 */
import type { Colour, Data } from '../data/index.ts';
import { monthLabel } from '../format/report.ts';
import type { ProblemService } from './problems.ts';

export interface Supervision {
  previousMonth: string;
  /** The previous month's 通报 was stored; without it nothing is made this month. */
  previousStored: boolean;
  /** A dry run: what would be made; nothing was stored or made. */
  preview: boolean;
  /** Made by this month's 通报 (in a preview: would be made; `no` is 0). */
  made: Array<{ code: string; name: string; no: number; unitName: string; mentions: string[] }>;
  /** Red twice, but the 督办事项 made earlier is still open: none made. */
  stillOpen: Array<{ code: string; name: string; no: number }>;
  /** Red twice, without a 牵头单位 to give it to. */
  noUnit: Array<{ code: string; name: string }>;
}

export const RAG_ORIGIN = 'rag';

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export async function superviseRedTwice(
  deps: { data: Data; createTask: ProblemService['createTask'] },
  input: {
    month: string;
    colours: ReadonlyMap<string, Colour>;
    /** Why each project is 红 this month (the 通报's reasons). */
    reasons: ReadonlyMap<string, string[]>;
    at: Date;
    /** `npm run job -- bulletin --dry-run`: say what would be made, store and make nothing. */
    preview?: boolean;
  },
): Promise<Supervision> {
  const { data } = deps;
  const preview = input.preview ?? false;
  const prevMonth = previousMonth(input.month);
  if (!preview) await data.standings.save(input.month, input.colours, { at: input.at });
  const prev = await data.standings.get(prevMonth);
  const out: Supervision = {
    previousMonth: prevMonth,
    previousStored: Boolean(prev),
    preview,
    made: [],
    stillOpen: [],
    noUnit: [],
  };
  if (!prev) return out;
  const madeBefore = new Map(
    ((await data.standings.get(input.month))?.made ?? []).map((m) => [m.projectCode, m.no]),
  );
  // One read of the open ones for every project (the embedded store scans the collection per query).
  const openByProject = new Map<string, number>();
  for (const t of await data.problems.list({ kind: 'task', origin: RAG_ORIGIN }))
    if (t.projectCode && !openByProject.has(t.projectCode)) openByProject.set(t.projectCode, t.no);
  for (const [code, colour] of input.colours) {
    if (colour !== '红' || prev.colours.get(code) !== '红') continue;
    const project = await data.library.project(code);
    if (!project) continue;
    const mentions = (headId?: string | null) => [
      ...new Set([...(project.leaderIds ?? []), ...(headId ? [headId] : [])]),
    ];
    // This month's run again (a crash, --force): what it made then is what this 通报 made.
    const before = madeBefore.get(code);
    const earlier = before === undefined ? null : await data.problems.byNo(before);
    if (earlier) {
      out.made.push({
        code,
        name: project.name,
        no: earlier.no,
        unitName: earlier.unitName ?? project.leadUnit ?? '',
        mentions: mentions(await data.library.unitHead(earlier.unitName)),
      });
      continue;
    }
    const open = openByProject.get(code);
    if (open !== undefined) {
      out.stillOpen.push({ code, name: project.name, no: open });
      continue;
    }
    if (!project.leadUnit) {
      out.noUnit.push({ code, name: project.name });
      continue;
    }
    if (preview) {
      out.made.push({
        code,
        name: project.name,
        no: 0,
        unitName: project.leadUnit,
        mentions: mentions(await data.library.unitHead(project.leadUnit)),
      });
      continue;
    }
    const why = input.reasons.get(code)?.join('；');
    const { problem, unit } = await deps.createTask({
      projectCode: code,
      unitName: project.leadUnit,
      description: `${monthLabel(prevMonth)}、${monthLabel(input.month)}连续两个月通报为红色${why ? `（${why}）` : ''}，请牵头单位会同项目业主制定整改措施、加快推进`,
      tier: 2,
      origin: RAG_ORIGIN,
      by: 'system',
      via: 'job',
      // The same month's job run again (a crash, --force) finds this one instead of making another.
      sourceMsgId: `job:bulletin:${input.month}:${code}`,
    });
    await data.standings.noteMade(input.month, { projectCode: code, no: problem.no });
    out.made.push({
      code,
      name: project.name,
      no: problem.no,
      unitName: problem.unitName ?? project.leadUnit,
      mentions: mentions(unit?.headId),
    });
  }
  return out;
}

/** What a month's 通报 made, read back for a 通报 asked for in chat (which makes nothing). */
export async function supervisionMade(data: Data, month: string): Promise<Supervision | undefined> {
  const standing = await data.standings.get(month);
  if (!standing?.made.length) return undefined;
  const out: Supervision = {
    previousMonth: previousMonth(month),
    previousStored: true,
    preview: false,
    made: [],
    stillOpen: [],
    noUnit: [],
  };
  for (const m of standing.made) {
    const [project, problem] = await Promise.all([
      data.library.project(m.projectCode),
      data.problems.byNo(m.no),
    ]);
    out.made.push({
      code: m.projectCode,
      name: project?.name ?? m.projectCode,
      no: m.no,
      unitName: problem?.unitName ?? project?.leadUnit ?? '',
      mentions: [],
    });
  }
  return out;
}
