/**
 * Builds the production bot app: the real parser over the project library and the registered
 * commands' words, the command registry (handlers/index.ts), and the event handlers (welcome,
 * evidence photos).
 */
import type { Redis } from 'ioredis';
import { handleEvidenceImage } from '../../handlers/evidence.ts';
import { commands } from '../../handlers/index.ts';
import { welcomeEvent } from '../../handlers/welcome.ts';
import { localDate } from '../calendar/dates.ts';
import type { Clock } from '../clock.ts';
import type { RegisteredCommand } from '../command/define.ts';
import type { Config } from '../config.ts';
import type { Library } from '../data/index.ts';
import type { Logger } from '../logger.ts';
import { takeCountyWord } from '../parse/county-word.ts';
import { parseCommand } from '../parse/parse-command.ts';
import { type BotApp, type BotAppDeps, createBotApp } from './app.ts';
import type { Services } from './services.ts';

/**
 * How the bot app reads messages and senders against the project library: the parser over the
 * library's names and the commands' words, the sender's roles, and today's date in BOT_TIMEZONE.
 */
export function libraryLookups<S>(
  config: Config,
  clock: Clock,
  library: Library,
  registry: ReadonlyArray<RegisteredCommand<S>> = commands as unknown as ReadonlyArray<RegisteredCommand<S>>,
): Pick<BotAppDeps<S>, 'parse' | 'findActor' | 'localDate'> {
  return {
    parse: async (raw, ctx) => {
      // A county group reads names among its county's projects; a city group among the whole
      // city's, or one county's when the message names it first.
      let county = ctx.scope?.county;
      let text = raw;
      let counties: string[] | undefined;
      if (ctx.scope && ctx.scope.county === null) {
        counties = await library.counties();
        const named = takeCountyWord(raw, counties);
        if (named) ({ county, text } = named);
      }
      return parseCommand(text, {
        botName: config.BOT_NAME,
        now: clock.now(),
        timeZone: config.BOT_TIMEZONE,
        projects: await library.projectIndex(county),
        units: await library.unitIndex(county),
        ...(counties ? { counties } : {}),
        commands: registry,
      });
    },
    findActor: async (userId) => {
      const p = await library.person(userId);
      return p
        ? {
            actor: {
              userId,
              roles: p.roles,
              unitName: p.unitName,
              ...(p.county ? { county: p.county } : {}),
            },
            name: p.name,
          }
        : null;
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
  /** The services of one county, for county-scoped queries (see BotAppDeps.servicesIn). */
  servicesIn?: (county: string) => Promise<Services | undefined>;
}): BotApp {
  const { config, clock, services } = deps;
  return createBotApp<Services>({
    ...deps,
    commands,
    ...libraryLookups(config, clock, services.library, commands),
    scopeOf: (msg) => services.scopes.of(msg),
    ...(deps.servicesIn ? { servicesIn: deps.servicesIn } : {}),
    onEvent: async (ctx) => (await handleEvidenceImage(ctx)) ?? welcomeEvent(ctx),
  });
}
