/**
 * The bot app: turns one stored inbound message into replies. Receivers call `dispatch`; it runs
 * flood control, resumes a pending dialog, parses, checks the sender and routes to one handler.
 * Never throws: anything unexpected becomes a short apology with an error number, and the details
 * go to the log.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { type AppError, asAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { BotContext, RegisteredHandler } from './command.ts';
import { type DialogState, DialogStore } from './dialog-store.ts';
import { FloodControl } from './flood-control.ts';
import type { Actor } from './permissions.ts';
import { type InboundMessage, type Reply, text } from './types.ts';

export interface BotAppDeps<S> {
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  services: S;
  handlers: ReadonlyArray<RegisteredHandler<S>>;
  /** Parses text into a command; `intent: 'unknown'` when not understood. */
  parse(text: string, ctx: BotContext<S>): Promise<{ intent: string }>;
  /** The sender as the library knows them. */
  findActor(userId: string): Promise<{ actor: Actor; name: string } | null>;
  /** Today in BOT_TIMEZONE. */
  localDate(d: Date): string;
  /** Handles events and images that are not commands (welcome, evidence photos). */
  onEvent?(ctx: BotContext<S>): Promise<Reply[]>;
  /** Continues a dialog with the person's answer. */
  continueDialog?(ctx: BotContext<S>, state: DialogState, answer: string): Promise<Reply[]>;
}

export interface BotApp {
  dispatch(msg: InboundMessage): Promise<Reply[]>;
}

export function createBotApp<S>(deps: BotAppDeps<S>): BotApp {
  const byIntent = new Map<string, RegisteredHandler<S>>();
  for (const h of deps.handlers) {
    if (byIntent.has(h.intent)) throw new Error(`two handlers for intent ${h.intent}`);
    byIntent.set(h.intent, h);
  }
  const dialogs = new DialogStore(deps.redis, deps.config.REDIS_KEY_PREFIX);
  const flood = new FloodControl(deps.redis, deps.config.REDIS_KEY_PREFIX, deps.config.USER_RATE_PER_MIN);

  async function buildContext(msg: InboundMessage): Promise<BotContext<S>> {
    const found = await deps.findActor(msg.userId);
    return {
      msg,
      config: deps.config,
      clock: deps.clock,
      log: deps.log.child({ msgId: msg.msgId, userId: msg.userId, chatId: msg.chatId }),
      redis: deps.redis,
      dialogs,
      actor: found?.actor ?? null,
      actorName: found?.name ?? msg.userName ?? msg.userId,
      today: deps.localDate(deps.clock.now()),
      services: deps.services,
    };
  }

  async function route(ctx: BotContext<S>): Promise<Reply[]> {
    const msg = ctx.msg;
    // A button press is the person's answer (its key, as they would have typed it).
    if (msg.cardAction && msg.text) return answerPress(ctx, msg.text);
    if (msg.kind === 'event' || msg.kind === 'image' || (msg.kind !== 'text' && !msg.text)) {
      return deps.onEvent ? deps.onEvent(ctx) : [];
    }
    const raw = msg.text ?? '';
    // Over the budget: wait for this message's slot (the lease is renewed meanwhile, and a restart
    // recovers it), then handle it. Only this person waits.
    const slot = await flood.admit(msg.userId, ctx.clock.now());
    if (slot.waitMs > 0) await new Promise((r) => setTimeout(r, slot.waitMs));
    const replies = await handle(ctx, raw);
    if (!slot.notify) return replies;
    const notice = `${ctx.actorName}，您发送消息过于频繁，后续消息将放慢依次办理，不会丢失，请勿重复发送。`;
    return [text(notice), ...replies];
  }

  /** Continues the dialog the pressed card asked for; a press on a card whose question is closed says so. */
  async function answerPress(ctx: BotContext<S>, key: string): Promise<Reply[]> {
    const pending = await dialogs.get(ctx.msg.userId, ctx.msg.chatId);
    if (pending && deps.continueDialog) return deps.continueDialog(ctx, pending, key);
    return [text('这个选择已失效（已选过或超过30分钟）。请重新发送完整命令。')];
  }

  async function handle(ctx: BotContext<S>, raw: string): Promise<Reply[]> {
    const msg = ctx.msg;
    const command = await deps.parse(raw, ctx);
    if (command.intent === 'unknown' && deps.continueDialog) {
      const pending = await dialogs.get(msg.userId, msg.chatId).catch(() => null);
      if (pending) return deps.continueDialog(ctx, pending, raw);
    } else if (command.intent !== 'unknown') {
      // A new command abandons any half-finished dialog.
      await dialogs.clear(msg.userId, msg.chatId).catch(() => {});
    }
    const handler = byIntent.get(command.intent) ?? byIntent.get('unknown');
    if (!handler) return [text('暂不支持该操作。发送“帮助”查看可用命令。')];
    return handler.run(ctx, command as never);
  }

  return {
    async dispatch(msg) {
      let ctx: BotContext<S> | undefined;
      try {
        ctx = await buildContext(msg);
        const replies = await route(ctx);
        return msg.kind === 'voice' || msg.fromVoice ? heardFromVoice(msg, replies) : replies;
      } catch (err) {
        const e = asAppError(err);
        if (e.expose) return [text(e.message)];
        const ref = randomBytes(3).toString('hex');
        (ctx?.log ?? deps.log).error({ err, code: e.code, ref, msgId: msg.msgId }, 'handler failed');
        return [text(apology(e, ref))];
      }
    },
  };
}

/**
 * A voice message was read as text: the answer starts by saying what was heard, so a misheard
 * figure is caught by the person who said it.
 */
export function heardFromVoice(msg: InboundMessage, replies: Reply[]): Reply[] {
  const spoken = (msg.text ?? '').replace(/^@\S+\s+/, '').trim();
  if (!spoken) return replies;
  const line = `（语音识别：${spoken}）`;
  const [first, ...rest] = replies;
  if (first && (first.type === 'text' || first.type === 'markdown')) {
    return [{ ...first, content: `${line}\n${first.content}` }, ...rest];
  }
  return [text(line), ...replies];
}

function apology(e: AppError, ref: string): string {
  if (e.code === 'redis_unavailable') {
    return `系统缓存服务暂时不可用，多步对话暂停使用，请稍后再试；直接发送完整命令仍可办理。（编号 ${ref}）`;
  }
  if (e.code === 'store_unavailable') return `系统数据库暂时不可用，请稍后再试。（编号 ${ref}）`;
  return `系统处理出错，已记录，请稍后再试或联系县重大办。（编号 ${ref}）`;
}
