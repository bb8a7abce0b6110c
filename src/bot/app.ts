/**
 * The bot app: turns one stored inbound message into replies. Receivers call `dispatch`; it runs
 * flood control, resumes a pending dialog, parses, and routes to the registered command. A command
 * that would store a reading the parser was unsure of is not run: the bot states the reading and asks
 * for a one-word confirmation first. Never throws: anything unexpected becomes a short apology with
 * an error number, and the details go to the log.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { BotContext, DialogState } from '../command/context.ts';
import type { RegisteredCommand } from '../command/define.ts';
import { CHOOSE_PROJECT, CONFIRM } from '../command/dialogs.ts';
import type { Config } from '../config.ts';
import type { Scope } from '../domain/county.ts';
import { type InboundMessage, type Reply, text } from '../domain/messages.ts';
import { type Actor, AUDIENCE_WHO, isDispatchOffice } from '../domain/permissions.ts';
import { type AppError, asAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ParsedCommand } from '../parse/types.ts';
import { DialogStore } from './dialog-store.ts';
import { askToConfirm, continueChoice, continueConfirm } from './dialogs.ts';
import { FloodControl } from './flood-control.ts';

export interface BotAppDeps<S> {
  config: Config;
  clock: Clock;
  log: Logger;
  redis: Redis;
  services: S;
  commands: ReadonlyArray<RegisteredCommand<S>>;
  /** Parses text into a command; `intent: 'unknown'` when not understood. */
  parse(text: string, ctx: BotContext<S>): Promise<ParsedCommand>;
  /** The sender as the library knows them. */
  findActor(userId: string): Promise<{ actor: Actor; name: string } | null>;
  /** Today in BOT_TIMEZONE. */
  localDate(d: Date): string;
  /** The county a message is read in (src/services/scope.ts). */
  scopeOf?(msg: InboundMessage): Promise<Scope>;
  /**
   * The services a county-scoped command uses in that county (src/command/define.ts
   * `countyScoped`); undefined where the deployment has one county and the usual services serve.
   */
  servicesIn?(county: string): Promise<S | undefined>;
  /** Handles events and images that are not commands (welcome, evidence photos). */
  onEvent?(ctx: BotContext<S>): Promise<Reply[]>;
}

export interface BotApp {
  dispatch(msg: InboundMessage): Promise<Reply[]>;
}

/** What a person's answer to a pending dialog reads as: not a new command. */
const ANSWERS = new Set(['unknown', 'chatter']);

export function createBotApp<S>(deps: BotAppDeps<S>): BotApp {
  const byIntent = new Map<string, RegisteredCommand<S>>();
  const dialogsByIntent = new Map<string, RegisteredCommand<S>>();
  for (const c of deps.commands) {
    if (byIntent.has(c.intent)) throw new Error(`two commands for intent ${c.intent}`);
    byIntent.set(c.intent, c);
    if (c.dialog) dialogsByIntent.set(c.dialog.intent, c);
  }
  const dialogs = new DialogStore(deps.redis, deps.config.REDIS_KEY_PREFIX);
  const flood = new FloodControl(deps.redis, deps.config.REDIS_KEY_PREFIX, deps.config.USER_RATE_PER_MIN);

  async function buildContext(msg: InboundMessage): Promise<BotContext<S>> {
    const [found, scope] = await Promise.all([deps.findActor(msg.userId), deps.scopeOf?.(msg)]);
    return {
      ...(scope ? { scope } : {}),
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
      commands: deps.commands,
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

  /** Runs a parsed command: the audience the whole county holds it to, then the command itself. */
  async function run(ctx: BotContext<S>, command: ParsedCommand, confirmed = false): Promise<Reply[]> {
    const def = byIntent.get(command.intent) ?? byIntent.get('unknown');
    if (!def) return [text('暂不支持该操作。发送“帮助”查看可用命令。')];
    // Commands for the 重大办 have no project to decide by: the audience is the rule.
    if (def.audience === 'office' && !isDispatchOffice(ctx.actor)) {
      const hint = ctx.actor ? '' : '\n您尚未登记在项目库人员名单中，如需办理请联系县重大办登记。';
      return [text(`抱歉，您没有权限使用“${def.command}”。可以办理的是：${AUDIENCE_WHO.office}。${hint}`)];
    }
    const uncertain = 'uncertain' in command ? command.uncertain : undefined;
    if (!confirmed && def.confirm && uncertain?.length) return askToConfirm(ctx, def, command);
    const county = ctx.scope?.county;
    const scoped = def.countyScoped && county && deps.servicesIn ? await deps.servicesIn(county) : undefined;
    const runCtx = scoped ? { ...ctx, services: scoped } : ctx;
    return def.run(runCtx, (confirmed ? { ...command, uncertain: [] } : command) as never);
  }

  async function continueDialog(ctx: BotContext<S>, state: DialogState, answer: string): Promise<Reply[]> {
    if (state.intent === CHOOSE_PROJECT) return continueChoice(ctx, state, answer, (c) => run(ctx, c));
    if (state.intent === CONFIRM) return continueConfirm(ctx, state, answer, (c) => run(ctx, c, true));
    const owner = dialogsByIntent.get(state.intent);
    if (owner?.dialog) return owner.dialog.continue(ctx, state, answer);
    await ctx.dialogs.clear(ctx.msg.userId, ctx.msg.chatId);
    return [text('上一步对话已过期，请重新发送完整命令。发送“帮助”查看用法。')];
  }

  /** Continues the dialog the pressed card asked for; a press on a card whose question is closed says so. */
  async function answerPress(ctx: BotContext<S>, key: string): Promise<Reply[]> {
    const pending = await dialogs.get(ctx.msg.userId, ctx.msg.chatId);
    if (pending) return continueDialog(ctx, pending, key);
    return [text('这个选择已失效（已选过或超过30分钟）。请重新发送完整命令。')];
  }

  async function handle(ctx: BotContext<S>, raw: string): Promise<Reply[]> {
    const msg = ctx.msg;
    const command = await deps.parse(raw, ctx);
    if (ANSWERS.has(command.intent)) {
      const pending = await dialogs.get(msg.userId, msg.chatId).catch(() => null);
      if (pending) return continueDialog(ctx, pending, raw);
    } else {
      // A new command abandons any half-finished dialog.
      await dialogs.clear(msg.userId, msg.chatId).catch(() => {});
    }
    return run(ctx, command);
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
