/**
 * 红黄绿 → 督办 (design.md): a project shown 红 in two consecutive monthly 通报 gets one 督办事项 for
 * its 牵头单位, at tier 2 (its 联系县领导), made by the bulletin job; never a second one while that
 * one is open. The job stores each month's colours (src/data/standings.ts); when the previous month
 * has none stored (its 通报 ran before this version, or never ran), its colours are worked out from the
 * figures as they stand now and stored as such.
 */
import type { Colour, Data } from '../data/index.ts';
import { monthLabel } from '../format/report.ts';
import type { ProblemService } from './problems.ts';

export interface Supervision {
  previousMonth: string;
  /** The previous month's colours were worked out again (no 通报 of it was stored). */
  recomputed: boolean;
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
    /** The previous month's colours, worked out now: used only when none were stored. */
    recompute: (month: string) => Promise<ReadonlyMap<string, Colour>>;
    at: Date;
  },
): Promise<Supervision> {
  const { data } = deps;
  const prevMonth = previousMonth(input.month);
  await data.standings.save(input.month, input.colours, { recomputed: false, at: input.at });
  const prev = await data.standings.get(prevMonth);
  let recomputed = prev?.recomputed ?? false;
  let prevColours = prev?.colours;
  if (!prevColours) {
    prevColours = new Map(await input.recompute(prevMonth));
    await data.standings.save(prevMonth, prevColours, { recomputed: true, at: input.at });
    recomputed = true;
  }
  const out: Supervision = { previousMonth: prevMonth, recomputed, made: [], stillOpen: [], noUnit: [] };
  const madeBefore = new Map(
    ((await data.standings.get(input.month))?.made ?? []).map((m) => [m.projectCode, m.no]),
  );
  for (const [code, colour] of input.colours) {
    if (colour !== '红' || prevColours.get(code) !== '红') continue;
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
    const open = await data.problems.list({ projectCode: code, kind: 'task', origin: RAG_ORIGIN });
    if (open.length) {
      out.stillOpen.push({ code, name: project.name, no: open[0]!.no });
      continue;
    }
    if (!project.leadUnit) {
      out.noUnit.push({ code, name: project.name });
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
    recomputed: (await data.standings.get(previousMonth(month)))?.recomputed ?? false,
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
