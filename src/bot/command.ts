/**
 * The handler contract: one file per command in handlers/, registered in handlers/index.ts.
 * A handler returns the replies to send; throwing UserFacingError answers with its message.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { DialogStore } from './dialog-store.ts';
import type { Actor } from './permissions.ts';
import type { InboundMessage, Reply } from './types.ts';

export interface BotContext<S = unknown> {
  msg: InboundMessage;
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  dialogs: DialogStore;
  /** The sender as the project library knows them; null for someone not in the 人员 sheet. */
  actor: Actor | null;
  actorName: string;
  /** Today in BOT_TIMEZONE, YYYY-MM-DD. */
  today: string;
  services: S;
}

export interface CommandHandler<S = unknown, C extends { intent: string } = { intent: string }> {
  intent: C['intent'];
  /** One line for 帮助, and who it is for. */
  help?: { usage: string; example: string; roles?: string[] };
  run(ctx: BotContext<S>, command: C): Promise<Reply[]>;
}

/** Builds a typed handler; the registry narrows `command` by intent. */
export function defineCommand<S, C extends { intent: string }>(
  h: CommandHandler<S, C>,
): CommandHandler<S, C> {
  return h;
}

/** What the registry holds: any handler, whatever command type it narrows to. */
export interface RegisteredHandler<S = unknown> {
  intent: string;
  help?: { usage: string; example: string; roles?: string[] };
  run(ctx: BotContext<S>, command: never): Promise<Reply[]>;
}
