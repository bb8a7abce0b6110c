/**
 * What the report, status and query handlers share: the services they need, and turning the
 * parser's project match into a project — or into a numbered choice whose answer ("1") finishes the
 * command through the 'choose-project' dialog.
 */
import type { BotContext } from '../bot/command.ts';
import { choice, type Reply, text } from '../bot/types.ts';
import type { FiguresRepo } from '../data/figures.ts';
import type { Library } from '../data/index.ts';
import type { ParsedCommand, ProjectEntry, ProjectMatch } from '../parse/types.ts';
import type { EvidenceService } from './evidence.ts';
import type { ProjectDoc, ProjectQueries } from './project-queries.ts';
import type { StatusEventService } from './status-events.ts';
import type { UndoService } from './undo.ts';

/** The services the report / status / undo / query / evidence handlers need, under these names. */
export interface ReportServices {
  library: Library;
  reports: FiguresRepo;
  statusEvents: StatusEventService;
  undo: UndoService;
  evidence: EvidenceService;
  projectQueries: ProjectQueries;
}

export const CHOOSE_PROJECT = 'choose-project';

/** Commands that may wait for a project choice. */
export type ResumableCommand = Extract<ParsedCommand, { intent: 'report' | 'status' | 'query' }>;

export type Resolved = { ok: true; project: ProjectDoc } | { ok: false; replies: Reply[] };

const PURPOSE: Record<ResumableCommand['intent'], string> = {
  report: '报送',
  status: '登记',
  query: '查询',
};

/** Up to three project names sharing the most characters with what was typed. */
export function closestNames(typed: string, index: readonly ProjectEntry[]): string[] {
  const chars = new Set([...typed.replace(/\s/g, '')]);
  const score = (p: ProjectEntry) =>
    Math.max(
      ...[p.name, p.shortName ?? '', ...(p.aliases ?? [])].map(
        (n) => [...new Set(n)].filter((c) => chars.has(c)).length,
      ),
    );
  return index
    .map((p) => ({ p, s: score(p) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s)
    .slice(0, 3)
    .map((x) => x.p.name);
}

/**
 * The project of a command. Ambiguous: stores the command and the candidates in a dialog and asks
 * which one. Unknown: names the closest projects.
 */
export async function resolveProject(
  ctx: BotContext<ReportServices>,
  match: ProjectMatch | undefined,
  command: ResumableCommand,
  example: string,
): Promise<Resolved> {
  if (!match || (match.kind === 'none' && !match.text.trim())) {
    return { ok: false, replies: [text(`请写明项目名称（全称、简称或项目编号），例如：${example}`)] };
  }
  if (match.kind === 'found') {
    const project = await ctx.services.library.project(match.project.code);
    if (project) return { ok: true, project: project as ProjectDoc };
    return { ok: false, replies: [text(`项目库中没有编号为 ${match.project.code} 的项目。`)] };
  }
  if (match.kind === 'ambiguous') {
    const candidates = match.candidates.slice(0, 8);
    await ctx.dialogs.set(ctx.msg.userId, ctx.msg.chatId, {
      intent: CHOOSE_PROJECT,
      missing: ['project'],
      data: { command, candidates },
      startedAt: ctx.clock.now().toISOString(),
    });
    const list = candidates.map((p, i) => `${i + 1}. ${p.name}`).join('\n');
    const choices = candidates.map((p, i) => ({ key: String(i + 1), label: p.name }));
    return {
      ok: false,
      replies: [
        choice(`您要${PURPOSE[command.intent]}的是哪个项目？\n${list}\n请回复序号或项目简称。`, choices),
      ],
    };
  }
  const near = closestNames(match.text, await ctx.services.library.projectIndex());
  const hint = near.length ? `相近的项目有：${near.join('、')}。` : '';
  return {
    ok: false,
    replies: [
      text(`项目库中没有找到“${match.text}”。${hint}请使用项目全称、简称或项目编号，例如：${example}`),
    ],
  };
}

/** The 撤销/权限 refusal wording shared with the problem handlers. */
export function refusalText(what: string, who: string, known: boolean): string {
  const hint = known ? '' : '\n您尚未登记在项目库人员名单中，如需办理请联系县重大办登记。';
  return `抱歉，您没有权限${what}。可以办理的是：${who}。未作任何记录。${hint}`;
}
