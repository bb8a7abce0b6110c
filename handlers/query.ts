/**
 * 查 / 查询: project card, a sector's investment, 未报送, history of figures; problem lists and single
 * problems are answered by the problem module (handlers/query-problems.ts).
 */
import { type BotContext, defineCommand } from '../src/bot/command.ts';
import { type Reply, text } from '../src/bot/types.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ProblemServices } from '../src/services/problem-chat.ts';
import { renderCard, renderHistory, renderSector, renderUnreported } from '../src/services/query-render.ts';
import { type ReportServices, resolveProject } from '../src/services/report-chat.ts';
import { answerProblemQuery } from './query-problems.ts';

export type QueryCommand = Extract<ParsedCommand, { intent: 'query' }>;
export type QueryServices = ReportServices & ProblemServices;

export async function runQuery(ctx: BotContext<QueryServices>, cmd: QueryCommand): Promise<Reply[]> {
  const t = cmd.target;
  const tz = ctx.config.BOT_TIMEZONE;
  const year = Number(ctx.today.slice(0, 4));
  switch (t.kind) {
    case 'problems':
    case 'problem':
      return answerProblemQuery(ctx, t);
    case 'sector':
      return [text(renderSector(await ctx.services.projectQueries.sector(t.sector, year)))];
    case 'unreported': {
      const month = t.month || ctx.today.slice(0, 7);
      const r = renderUnreported(month, await ctx.services.projectQueries.unreported(month));
      return [text(r.content, r.mentions.length ? r.mentions : undefined)];
    }
    case 'history': {
      const resolved = await resolveProject(ctx, t.project, cmd, '查 历史 贺巴');
      if (!resolved.ok) return resolved.replies;
      const h = await ctx.services.projectQueries.history(resolved.project.code);
      return [text(h ? renderHistory(h, tz) : '没有找到该项目。')];
    }
    case 'project': {
      const resolved = await resolveProject(ctx, t.project, cmd, '查 贺巴');
      if (!resolved.ok) return resolved.replies;
      const card = await ctx.services.projectQueries.card(resolved.project.code, year);
      return [text(card ? renderCard(card, tz) : '没有找到该项目。')];
    }
  }
}

export const queryHandler = defineCommand<QueryServices, QueryCommand>({
  intent: 'query',
  help: {
    usage: '查 项目 · 查 行业 投资 · 查 未报送 · 查 历史 项目 · 查 问题 [逾期] · 查 #编号',
    example: '查 贺巴',
  },
  run: runQuery,
});
