/**
 * The third way in (beside the two callbacks): the 智能机器人 long connection. Built from the
 * configuration when WECOM_AIBOT_ID and WECOM_AIBOT_SECRET are set.
 *
 * @example
 * const ws = createAibotWs({ config, redis: runtime.redis, log });
 * ws?.connection.onFrame(({ frame, message }) => pipeline.accept(frame, message));
 * ws?.connection.start();
 * await ws?.sender.replyMarkdown(replyTarget(message), '已收到');
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { ChatLimiter } from './chat-limiter.ts';
import { AibotConnection, type AibotConnectionOptions } from './connection.ts';
import { AibotSender, type AibotSenderOptions } from './sender.ts';

export { answeredCard, type ChoiceCard, newTaskId } from './cards.ts';
export type { AibotFrame, AibotFrameHandler } from './connection.ts';
export { AibotConnection } from './connection.ts';
export { AIBOT_USER_TEXT, AibotSendError } from './errors.ts';
export { conversationOf, frameToInbound } from './inbound.ts';
export { AibotSender, type ReplyTarget, replyTarget, streamIdFor } from './sender.ts';
export type { AibotWsSnapshot, AibotWsStatus } from './state.ts';
export { aibotWsReady, readyView } from './state.ts';
export { type LongConnectionWayIn, openLongConnection } from './way-in.ts';

export interface AibotWs {
  connection: AibotConnection;
  sender: AibotSender;
  limiter: ChatLimiter;
}

export interface AibotWsOverrides {
  connection?: Partial<Omit<AibotConnectionOptions, 'botId' | 'secret' | 'redis' | 'log'>>;
  sender?: Partial<Omit<AibotSenderOptions, 'connection' | 'limiter' | 'log'>>;
  /** The limiter's window; the budget per window is WECOM_AIBOT_CHAT_LIMIT_PER_MIN. */
  chatWindowMs?: number;
}

export function createAibotWs(deps: {
  config: Config;
  redis: Redis;
  log: Logger;
  overrides?: AibotWsOverrides;
}): AibotWs | undefined {
  const { config, redis, log, overrides = {} } = deps;
  if (!config.aibotWsConfigured) return undefined;
  const connection = new AibotConnection({
    botId: config.WECOM_AIBOT_ID!,
    secret: config.WECOM_AIBOT_SECRET!,
    wsUrl: config.WECOM_AIBOT_WS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    ...overrides.connection,
    redis,
    log,
  });
  const limiter = new ChatLimiter({
    perWindow: config.WECOM_AIBOT_CHAT_LIMIT_PER_MIN,
    windowMs: overrides.chatWindowMs ?? 60_000,
  });
  const sender = new AibotSender({
    ...overrides.sender,
    connection,
    limiter,
    log: log.child({ component: 'aibot-ws' }),
  });
  return { connection, sender, limiter };
}
