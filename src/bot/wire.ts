/**
 * Builds the production bot app: the real parser over the project library, the handler registry,
 * the dialogs each handler family owns, and the event handlers (welcome, evidence photos).
 */
import type { Redis } from 'ioredis';
import { handleEvidenceImage } from '../../handlers/evidence.ts';
import { handlers } from '../../handlers/index.ts';
import { welcomeEvent } from '../../handlers/welcome.ts';
import { localDate } from '../calendar/dates.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Library } from '../data/index.ts';
import type { Logger } from '../logger.ts';
import { parseCommand } from '../parse/parse-command.ts';
import type { Services } from '../services/index.ts';
import { type BotApp, type BotAppDeps, createBotApp } from './app.ts';
import { continueReportDialog, REPORT_DIALOG_INTENTS } from './report-dialog.ts';
import { text } from './types.ts';

/**
 * How the bot app reads messages and senders against the project library: the parser over the
 * library's names, the sender's roles, and today's date in BOT_TIMEZONE.
 */
export function libraryLookups(
  config: Config,
  clock: Clock,
  library: Library,
): Pick<BotAppDeps<unknown>, 'parse' | 'findActor' | 'localDate'> {
  return {
    parse: async (raw) =>
      parseCommand(raw, {
        botName: config.BOT_NAME,
        now: clock.now(),
        timeZone: config.BOT_TIMEZONE,
        projects: await library.projectIndex(),
        units: await library.unitIndex(),
      }),
    findActor: async (userId) => {
      const p = await library.person(userId);
      return p ? { actor: { userId, roles: p.roles, unitName: p.unitName }, name: p.name } : null;
    },
    localDate: (d) => localDate(d, config.BOT_TIMEZONE),
  };
}

export function createDispatcher(deps: {
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  services: Services;
}): BotApp {
  const { config, clock, services } = deps;
  return createBotApp<Services>({
    ...deps,
    handlers,
    ...libraryLookups(config, clock, services.library),
    onEvent: async (ctx) => (await handleEvidenceImage(ctx)) ?? welcomeEvent(ctx),
    continueDialog: async (ctx, state, answer) => {
      if ((REPORT_DIALOG_INTENTS as readonly string[]).includes(state.intent)) {
        return continueReportDialog(ctx, state, answer);
      }
      await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
      return [text('上一步对话已过期，请重新发送完整命令。发送“帮助”查看用法。')];
    },
  });
}
