/** 协调会 议程: a draft agenda for the 县重大项目协调领导小组 from the open tier-3 problems. */
import { defineCommand } from '../src/command/define.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export type AgendaCommand = Extract<ParsedCommand, { intent: 'agenda' }>;

export const agendaCommand = defineCommand<{ summaries: SummaryService }, AgendaCommand>({
  intent: 'agenda',
  command: '协调会 议程',
  words: ['协调会议程', '协调会', '议程', '会议议程', '生成议程'],
  example: '协调会 议程',
  bare: true,
  read: (_rest, at) => ({ intent: 'agenda', text: at.text }),
  audience: 'office',
  help: [{ title: '协调会议程（三级问题）', example: '协调会 议程' }],
  async run(ctx) {
    return ctx.services.summaries.agenda(ctx.today, ctx.scope);
  },
});
