/** 协调会 议程: a draft agenda for the 县重大项目协调领导小组 from the open tier-3 problems. */
import { defineCommand } from '../src/bot/command.ts';
import type { SummaryService } from '../src/jobs/service.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export type AgendaCommand = Extract<ParsedCommand, { intent: 'agenda' }>;

export const agendaHandler = defineCommand<{ summaries: SummaryService }, AgendaCommand>({
  intent: 'agenda',
  help: { usage: '协调会 议程', example: '协调会 议程', roles: ['县领导', '重大办'] },
  async run(ctx) {
    return ctx.services.summaries.agenda(ctx.today);
  },
});
