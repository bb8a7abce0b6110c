/** 导出 台账 [月份]: the month's 统计台账 as an .xlsx file in the chat. */
import { defineCommand } from '../src/bot/command.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export type ExportCommand = Extract<ParsedCommand, { intent: 'export' }>;

export const exportHandler = defineCommand<{ summaries: SummaryService }, ExportCommand>({
  intent: 'export',
  help: { usage: '导出 台账 [月份]', example: '导出 台账 8月' },
  async run(ctx, cmd) {
    const month = cmd.month || ctx.today.slice(0, 7);
    const data = await ctx.services.summaries.ledger(month);
    return [{ type: 'file', filename: `统计台账-${month}.xlsx`, data }];
  },
});
