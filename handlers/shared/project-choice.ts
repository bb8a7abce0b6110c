/**
 * What the report, status and query commands share: the services they need, and turning the parser's
 * project match into a project — or into a numbered choice whose answer ("1", or the button) finishes
 * the command through the bot's 'choose-project' dialog.
 */
import type { BotContext } from '../../src/command/context.ts';
import { CHOOSE_PROJECT, type ChoiceDialogData } from '../../src/command/dialogs.ts';
import type { FiguresRepo } from '../../src/data/figures.ts';
import type { Library } from '../../src/data/index.ts';
import { type Reply, text } from '../../src/domain/messages.ts';
import type { ParsedCommand, ProjectEntry, ProjectMatch } from '../../src/parse/types.ts';
import type { EvidenceService } from '../../src/services/evidence.ts';
import type { ProjectDoc, ProjectQueries } from '../../src/services/project-queries.ts';
import type { StatusEventService } from '../../src/services/status-events.ts';
import type { UndoService } from '../../src/services/undo.ts';

/** The services the report / status / undo / query / evidence commands need, under these names. */
export interface ReportServices {
  library: Library;
  reports: FiguresRepo;
  statusEvents: StatusEventService;
  undo: UndoService;
  evidence: EvidenceService;
  projectQueries: ProjectQueries;
}

export type Resolved = { ok: true; project: ProjectDoc } | { ok: false; replies: Reply[] };

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
 * The project of a command. Ambiguous: keeps the command and the candidates in the 'choose-project'
 * dialog and asks which one (`purpose`: 报送 / 登记 / 查询). Unknown: names the nearest projects.
 * `field` says where the chosen project goes in the command ('project', or 'target.project' for 查).
 */
export async function resolveProject(
  ctx: BotContext<ReportServices>,
  match: ProjectMatch | undefined,
  pending: { command: ParsedCommand; field: ChoiceDialogData['field']; purpose: string; example: string },
): Promise<Resolved> {
  if (!match || (match.kind === 'none' && !match.text.trim())) {
    return {
      ok: false,
      replies: [text(`请写明项目名称（全称、简称或项目编号），例如：${pending.example}`)],
    };
  }
  if (match.kind === 'found') {
    const project = await ctx.services.library.project(match.project.code);
    if (project) return { ok: true, project: project as ProjectDoc };
    return { ok: false, replies: [text(`项目库中没有编号为 ${match.project.code} 的项目。`)] };
  }
  if (match.kind === 'ambiguous') {
    const candidates = match.candidates.slice(0, 8);
    const data: ChoiceDialogData = { command: pending.command, field: pending.field, candidates };
    await ctx.dialogs.set(ctx.msg.userId, ctx.msg.chatId, {
      intent: CHOOSE_PROJECT,
      missing: ['project'],
      data: data as unknown as Record<string, unknown>,
      startedAt: ctx.clock.now().toISOString(),
    });
    // In a city group the same name may be a project of several counties: each says its county.
    const list = candidates
      .map((p, i) => `${i + 1}. ${p.name}${p.county ? `（${p.county}）` : ''}`)
      .join('\n');
    return {
      ok: false,
      replies: [
        {
          type: 'text',
          content: `您要${pending.purpose}的是哪个项目？\n${list}\n请回复序号或项目简称。`,
          choices: candidates.map((p, i) => ({
            key: String(i + 1),
            label: `${p.shortName ?? p.name}${p.county ? `（${p.county}）` : ''}`,
          })),
        },
      ],
    };
  }
  const near = match.suggestions?.length
    ? match.suggestions.map((p) => p.name)
    : closestNames(match.text, await ctx.services.library.projectIndex(ctx.scope?.county));
  const hint = near.length ? `相近的项目有：${near.join('、')}。` : '';
  return {
    ok: false,
    replies: [
      text(
        `项目库中没有找到“${match.text}”。${hint}请使用项目全称、简称或项目编号，例如：${pending.example}`,
      ),
    ],
  };
}

/** The refusal wording of the report, status and undo commands. */
export function refusalText(what: string, who: string, known: boolean): string {
  const hint = known ? '' : '\n您尚未登记在项目库人员名单中，如需办理请联系县重大办登记。';
  return `抱歉，您没有权限${what}。可以办理的是：${who}。未作任何记录。${hint}`;
}
