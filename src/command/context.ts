/**
 * What a command's handler is given for one message: the message, who sent it, today, the services,
 * the dialog state store and the registered commands (for 帮助). Types only: the bot app builds it.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Scope } from '../domain/county.ts';
import type { InboundMessage } from '../domain/messages.ts';
import type { Actor } from '../domain/permissions.ts';
import type { Logger } from '../logger.ts';
import type { RegisteredCommand } from './define.ts';

/** A short dialog's state ("请补充本月完成投资金额"), kept by the bot app in Redis so it survives a restart. */
export interface DialogState {
  /** Which dialog it is: a command's own (its intent) or the bot's ('choose-project', 'confirm'). */
  intent: string;
  /** What is still missing, in the order it will be asked. */
  missing: string[];
  /** The partial command collected so far (JSON-serialisable). */
  data: Record<string, unknown>;
  startedAt: string;
}

export interface Dialogs {
  get(userId: string, chatId?: string): Promise<DialogState | null>;
  set(userId: string, chatId: string | undefined, state: DialogState): Promise<void>;
  clear(userId: string, chatId?: string): Promise<void>;
}

export interface BotContext<S = unknown> {
  msg: InboundMessage;
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  dialogs: Dialogs;
  /** The sender as the project library knows them; null for someone not in the 人员 sheet. */
  actor: Actor | null;
  actorName: string;
  /** Today in BOT_TIMEZONE, YYYY-MM-DD. */
  today: string;
  /**
   * The county the message is read in (names resolve there), or the whole city (county null).
   * Absent where no scope is known (a bot built without one): every project, as one county.
   */
  scope?: Scope;
  services: S;
  /** Every registered command (帮助 and the welcome text are derived from them). */
  commands: readonly RegisteredCommand<S>[];
}
