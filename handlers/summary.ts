/** 日报 / 周报 / 月报 / 通报 [月份]: the same content the scheduler posts, answered in the chat. */
import { addMonths, monthOf } from '../src/calendar/dates.ts';
import { defineCommand } from '../src/command/define.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import { readSummary } from '../src/parse/readers.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export type SummaryCommand = Extract<ParsedCommand, { intent: 'summary' }>;

export const summaryCommand = defineCommand<{ summaries: SummaryService }, SummaryCommand>({
  intent: 'summary',
  command: '通报',
  words: ['日报', '周报', '月报', '通报', '月通报', '今日日报', '本周周报', '本月月报'],
  example: '通报 7月',
  bare: true,
  read: (rest, at, ctx) => readSummary(at.text, at.word, rest, ctx),
  audience: 'all',
  help: [{ title: '日报/周报/月报/通报', example: '通报 7月' }],
  async run(ctx, cmd) {
    const s = ctx.services.summaries;
    const date = cmd.date || ctx.today;
    switch (cmd.kind) {
      case 'daily':
        return s.daily(date, ctx.scope);
      case 'weekly':
        return s.weekly(date, ctx.scope);
      case 'monthly':
        return s.monthly(cmd.month ?? monthOf(date), ctx.scope);
      case 'bulletin':
        // As scheduled: the 通报 without a month is the previous month's.
        return s.bulletin(cmd.month ?? addMonths(monthOf(date), -1), ctx.today, ctx.scope);
    }
  },
});
