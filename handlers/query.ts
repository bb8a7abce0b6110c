/**
 * 查 / 查询: project card, a sector's investment, 未报送, history of figures; problem lists and single
 * problems (handlers/shared/query-problems.ts).
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import { readQuery } from '../src/parse/readers.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ProblemServices } from './shared/problem-args.ts';
import { type ReportServices, resolveProject } from './shared/project-choice.ts';
import { answerProblemQuery } from './shared/query-problems.ts';
import {
  renderCard,
  renderCounty,
  renderHistory,
  renderSector,
  renderUnreported,
} from './shared/query-render.ts';

export type QueryCommand = Extract<ParsedCommand, { intent: 'query' }>;
export type QueryServices = ReportServices & ProblemServices & { summaries: SummaryService };

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
      const resolved = await resolveProject(ctx, t.project, {
        command: cmd,
        field: 'target.project',
        purpose: '查询',
        example: '查 历史 贺巴',
      });
      if (!resolved.ok) return resolved.replies;
      const h = await ctx.services.projectQueries.history(resolved.project.code);
      return [text(h ? renderHistory(h, tz) : '没有找到该项目。')];
    }
    case 'county': {
      const row = await ctx.services.summaries.county(t.county, ctx.today);
      return [text(row ? renderCounty(row, ctx.today) : `没有找到${t.county}的项目。`)];
    }
    case 'project': {
      const resolved = await resolveProject(ctx, t.project, {
        command: cmd,
        field: 'target.project',
        purpose: '查询',
        example: '查 贺巴',
      });
      if (!resolved.ok) return resolved.replies;
      const card = await ctx.services.projectQueries.card(resolved.project.code, ctx.today.slice(0, 7));
      return [text(card ? renderCard(card, tz, ctx.today) : '没有找到该项目。')];
    }
  }
}

export const queryCommand = defineCommand<QueryServices, QueryCommand>({
  intent: 'query',
  command: '查',
  words: ['查', '查询', '查看', '看看', '查一下', '查下', '搜索', '搜'],
  example: '查 贺巴',
  hints: { re: /逾期|投资情况|多少/, rank: 4 },
  read: (rest, at, ctx) => readQuery(at.text, rest, ctx),
  audience: 'all',
  countyScoped: true,
  help: [
    { title: '查项目', example: '查 贺巴', welcome: true },
    {
      title: '查问题（在办/逾期/按层级/按单位；“查 督办”只列督办事项）',
      example: '查 问题 逾期',
      welcome: true,
    },
    { title: '查单个问题及办理记录', example: '查 #12' },
    { title: '查行业领域投资', example: '查 工业 投资' },
    { title: '查本月未报送', example: '查 未报送', welcome: true },
    { title: '查项目报送历史', example: '查 历史 贺巴' },
  ],
  run: runQuery,
});
