/** 导出 台账 [月份]: the month's 统计台账 as an .xlsx file in the chat. */
import { defineCommand } from '../src/command/define.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import { readExport } from '../src/parse/readers.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export type ExportCommand = Extract<ParsedCommand, { intent: 'export' }>;

export const exportCommand = defineCommand<{ summaries: SummaryService }, ExportCommand>({
  intent: 'export',
  command: '导出',
  words: ['导出', '下载', '导出台账', '下载台账', '台账'],
  example: '导出 台账 7月',
  bare: true,
  read: (rest, at, ctx) => readExport(at.text, rest, ctx),
  audience: 'office',
  countyScoped: true,
  help: [{ title: '导出项目台账', example: '导出 台账 7月' }],
  async run(ctx, cmd) {
    const month = cmd.month || ctx.today.slice(0, 7);
    const data = await ctx.services.summaries.ledger(month);
    return [{ type: 'file', filename: `统计台账-${month}.xlsx`, data }];
  },
});
