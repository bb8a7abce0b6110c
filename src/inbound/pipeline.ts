/**
 * Store before acknowledge: a callback is persisted, deduplicated, then handed to the bot's dispatch
 * within the reply budget. A quick single text answer goes back in the callback response; anything
 * slower or bigger is acknowledged empty at once and delivered through the outbound queue.
 *
 * The store writes of one message, in order: the inbound record (before anything else), whatever the
 * command stores (a report: the report and its project's figures), and the "done" mark. The done mark
 * of a message that stored something is written after its answer: the stored effect itself tells a
 * recovery after a crash that the message was handled (it is then not answered again unless its answer
 * was to go through the queue, where the same job ids make a second queueing a no-op). A message that
 * stored nothing is marked done before it is answered, so a crash can never make it answer twice.
 *
 * Long-connection frames (channel 'aibot-ws') are never sent again by WeCom, so their answers always
 * go through the outbound queue (first piece back on the frame, src/inbound/aibot-answer.ts), and a
 * recovery always queues the answer again: the same job ids make that a no-op when it was queued.
 */
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { LEASE_MS, ownerIsDead } from '../data/inbound.ts';
import { createInbound, type Data, type StoredInbound } from '../data/index.ts';
import type { InboundMessage, Reply, TextReply } from '../domain/messages.ts';
import { webhookKeyFrom } from '../domain/webhook.ts';
import { AppError, asAppError } from '../errors.ts';
import { mentionedIds } from '../format/mention-names.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Outbound, OutboundTarget } from '../outbound/outbound.ts';
import { fitsOneMessage } from '../outbound/split.ts';
import { callbackLaterPlan, longConnectionPlan, streamAnswer } from './aibot-answer.ts';

export type Dispatch = (msg: InboundMessage) => Promise<Reply[]>;

/** What the callback response carries (a 智能机器人 stream may carry images too). */
export type CallbackAnswer = { kind: 'sync'; reply: TextReply; images?: Buffer[] } | { kind: 'empty' };

export interface InboundPipeline {
  /** Stores, deduplicates and processes one callback; `startedAt` is performance.now() at arrival. */
  handle(
    msg: InboundMessage,
    ctx: { raw: string; format: 'xml' | 'json'; startedAt: number },
  ): Promise<CallbackAnswer>;
  /** The stored answer of an earlier message (智能机器人 stream refresh); empty when there is none. */
  answerOf(msgId: string): Promise<CallbackAnswer>;
  /** Finishes messages that were acknowledged but never processed (a crash). Returns how many. */
  recoverPending(opts?: { olderThanMs?: number }): Promise<number>;
  /** Waits for background deliveries to be queued. */
  drain(): Promise<void>;
}

type Outcome = { replies: Reply[]; error?: string; stored: boolean };

const APOLOGY = '抱歉，处理这条消息时出错了，请稍后再试。';
const POLL_MS = 50;
/** How long replies wait for the queue's Redis before the message is marked failed. */
const QUEUE_RETRY_FOR_MS = 10 * 60_000;

const isTextual = (r: Reply): r is TextReply => r.type === 'text' || r.type === 'markdown';
const safe = (id: string) => id.replace(/[^\w.-]/g, '_').slice(0, 80);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createInboundPipeline(deps: {
  config: Config;
  log: Logger;
  redis: Redis;
  data: Pick<Data, 'groups' | 'effects' | 'effectsOf' | 'figures' | 'funds' | 'library'>;
  dispatch: Dispatch;
  outbound: Pick<Outbound, 'send'>;
  clock?: Clock;
  metrics?: Metrics;
}): InboundPipeline {
  const { config, log, dispatch, outbound, data } = deps;
  const clock = deps.clock ?? systemClock;
  const store = createInbound({ redis: deps.redis, prefix: config.REDIS_KEY_PREFIX, clock });
  const inflight = new Set<Promise<unknown>>();
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;
  /** Messages this instance is working on: its own sweep never takes them, whatever their lease. */
  const held = new Set<string>();

  /** Keeps this instance's lease on a message until `release` is called (the message is finished). */
  function hold(msgId: string): () => void {
    held.add(msgId);
    const t = setInterval(() => {
      store.renew(msgId).catch((err) => log.warn({ err, msgId }, 'lease not renewed'));
    }, LEASE_MS / 6);
    t.unref();
    return () => {
      clearInterval(t);
      held.delete(msgId);
    };
  }

  /** Marks the message done; a busy store is retried so the message is not taken up again. */
  async function finish(msgId: string, result: Parameters<typeof store.finish>[1]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await store.finish(msgId, result);
      } catch (err) {
        if (attempt >= 5) throw err;
        await sleep(500 * 2 ** attempt);
      }
    }
  }

  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  async function runDispatch(msg: InboundMessage): Promise<Outcome> {
    try {
      const replies = await dispatch(msg);
      return { replies, stored: data.effects.take(msg.msgId) };
    } catch (err) {
      log.error({ err, msgId: msg.msgId }, 'dispatch failed');
      deps.metrics?.errors.inc({ source: 'dispatch', code: asAppError(err).code });
      return {
        replies: [{ type: 'text', content: APOLOGY }],
        error: (err as Error).message,
        stored: data.effects.take(msg.msgId),
      };
    }
  }

  /**
   * A message taken up again (a crash, a lost lease) may have had its effect already: every write
   * keeps its source message. Then it is not handled twice; the figures it touched are rebuilt from
   * the reports (a writer may have stopped between its two writes) and the person is told it was done.
   */
  async function rerun(msg: InboundMessage): Promise<Outcome> {
    const effects = await data.effectsOf(msg.msgId).catch(() => null);
    if (!effects?.any) return runDispatch(msg);
    for (const code of effects.projectCodes) await data.figures.repair(code);
    for (const code of effects.fundsCodes ?? []) await data.funds.repair(code);
    log.warn({ msgId: msg.msgId }, 'message taken up again after its effect was stored: not handled twice');
    const what = (msg.text ?? '').replace(/^@\S+\s+/, '').trim();
    return { replies: [{ type: 'text', content: `已办理，未重复办理：${what}` }], stored: true };
  }

  /** userid → 姓名 for the people the replies mention (the 智能机器人 has no real @). */
  async function namesIn(replies: Reply[]): Promise<Map<string, string>> {
    const ids = replies.flatMap((r) => (isTextual(r) ? mentionedIds(r.content, r.mentions) : []));
    if (!ids.length) return new Map();
    return data.library.personNames(ids).catch(() => new Map<string, string>());
  }

  /**
   * The synchronous answer for these replies, when one is possible. None over the long connection:
   * WeCom never sends a frame again, so every answer there goes through the queue, whose stable job
   * ids let a recovery queue it again without sending it twice.
   */
  async function syncable(
    msg: InboundMessage,
    replies: Reply[],
  ): Promise<{ reply: TextReply; images?: Buffer[] } | undefined> {
    if (msg.channel === 'aibot-ws') return undefined;
    if (msg.channel === 'aibot')
      return replies.length ? streamAnswer(replies, await namesIn(replies)) : undefined;
    const only = replies.length === 1 ? replies[0]! : undefined;
    return only && isTextual(only) && fitsOneMessage(only) ? { reply: only } : undefined;
  }

  async function deliverLater(msg: InboundMessage, replies: Reply[]): Promise<void> {
    if (!replies.length) return;
    // Stable job ids: queueing the same message's answer again (a recovery) is a no-op.
    const id = (i: number) => `in-${safe(msg.msgId)}-${i}`;
    if (msg.channel === 'aibot-ws' || msg.channel === 'aibot') {
      const plan =
        msg.channel === 'aibot-ws'
          ? longConnectionPlan(msg, replies)
          : callbackLaterPlan(msg, replies, await otherWays(msg), await namesIn(replies));
      if (!plan.length) throw new AppError('not_found', 'no way to deliver the reply to this chat');
      for (const [i, p] of plan.entries()) await outbound.send(p.target, p.reply, { id: id(i) });
      return;
    }
    const key = webhookKeyFrom(msg.webhookUrl);
    const target: OutboundTarget | undefined = key
      ? { webhookKey: key }
      : msg.chatId
        ? { chatId: msg.chatId }
        : undefined;
    if (!target) throw new AppError('not_found', 'no webhook to deliver the reply to');
    for (const [i, reply] of replies.entries()) await outbound.send(target, reply, { id: id(i) });
  }

  /** A 智能机器人 chat's other ways: its group's robot webhook, the long connection. */
  async function otherWays(msg: InboundMessage): Promise<{ webhookKey?: string; longConnection: boolean }> {
    const group = msg.chatId ? await data.groups.byChatId(msg.chatId) : null;
    const webhookKey = group?.webhookKey && !group.webhookBrokenAt ? group.webhookKey : undefined;
    return { ...(webhookKey ? { webhookKey } : {}), longConnection: config.aibotWsConfigured };
  }

  /**
   * Queues the replies, retrying while the queue's Redis is failing (it may be restarting): the
   * job ids are stable, so a retry never queues a reply twice. A missing webhook is final.
   */
  async function queueReplies(msg: InboundMessage, replies: Reply[]): Promise<void> {
    const giveUpAt = Date.now() + QUEUE_RETRY_FOR_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await deliverLater(msg, replies);
      } catch (err) {
        if (err instanceof AppError || Date.now() > giveUpAt) throw err;
        if (attempt % 10 === 0)
          log.warn({ err, msgId: msg.msgId, attempt }, 'reply not queued yet; retrying');
        // A short, flat interval: replies go out within seconds of Redis coming back, however long it was away.
        await sleep(Math.min(2_000, 250 * 2 ** attempt));
      }
    }
  }

  /** Delivers an outcome through the queue and marks the message done. */
  async function finishLater(msg: InboundMessage, work: Promise<Outcome>, release: () => void) {
    try {
      const { replies, error, stored } = await work;
      try {
        await queueReplies(msg, replies);
      } catch (err) {
        log.error({ err, msgId: msg.msgId }, 'reply could not be queued');
        await store
          .finish(msg.msgId, { replies, delivery: 'none', error: (err as Error).message })
          .catch(() => {});
        return;
      }
      if (replies.length) {
        deps.metrics?.answers.inc({ mode: msg.channel === 'aibot-ws' ? 'long-connection' : 'webhook' });
      }
      // A failure after something was stored is left to recovery, which repairs what can be rebuilt.
      if (error && stored) return;
      await finish(msg.msgId, { replies, delivery: replies.length ? 'webhook' : 'none', error }).catch(
        (err) => log.error({ err, msgId: msg.msgId }, 'could not mark message processed'),
      );
    } finally {
      release();
    }
  }

  /**
   * The stored answer of a message another attempt holds, once it is finished. `retry`: a callback
   * WeCom sent again, answered empty when the answer is not ready in time — the owner may be dead on
   * another host (its lease still runs), so the message is marked to be answered through the queue,
   * or the recovery after the lease would keep the answer for a retry that never comes.
   */
  async function answerDuplicate(msgId: string, deadline: number, retry = false): Promise<CallbackAnswer> {
    for (;;) {
      const doc = await store.get(msgId);
      if (doc && (doc.status === 'processed' || doc.status === 'failed')) {
        const first = doc.replies[0];
        return doc.delivery === 'sync' && first && isTextual(first)
          ? { kind: 'sync', reply: first }
          : { kind: 'empty' };
      }
      if (performance.now() + POLL_MS >= deadline) {
        if (retry && doc && doc.delivery !== 'webhook') {
          await store
            .markAnsweredLater(msgId)
            .catch((err) => log.warn({ err, msgId }, 'could not record a deferred answer'));
        }
        return { kind: 'empty' };
      }
      await sleep(POLL_MS);
    }
  }

  /**
   * Takes up one message nobody finished. Its answer went out in the callback response unless it was
   * acknowledged empty first (delivery 'webhook'): a stored effect with no such mark means the person
   * was answered, or WeCom retries the callback and gets the answer then.
   */
  async function recoverOne(doc: StoredInbound): Promise<void> {
    const msg = doc.msg;
    log.info({ msgId: msg.msgId }, 'recovering a message acknowledged before a restart');
    const release = hold(msg.msgId);
    const work = rerun(msg);
    const outcome = await work;
    // (A long-connection frame is never sent again: its answer is always queued, below.)
    if (
      outcome.stored &&
      doc.delivery !== 'webhook' &&
      doc.status === 'processing' &&
      msg.channel !== 'aibot-ws'
    ) {
      release();
      // Kept as the callback answer: a retry of a callback that never got its response gets it.
      await finish(msg.msgId, { replies: outcome.replies, delivery: 'sync' }).catch((err) =>
        log.error({ err, msgId: msg.msgId }, 'could not mark recovered message processed'),
      );
      return;
    }
    await finishLater(msg, Promise.resolve(outcome), release);
  }

  /**
   * Messages nobody is processing: received, lease expired, or owned by a process of this host that
   * died. A message another live instance holds is left alone (it would be processed twice).
   */
  async function recoverOnce(olderThanMs = 0): Promise<number> {
    const docs = await store.unfinished(new Date(clock.now().getTime() - olderThanMs));
    let done = 0;
    for (const doc of docs) {
      if (held.has(doc.msg.msgId)) continue;
      const dead = doc.status === 'processing' && ownerIsDead(doc.owner) ? doc.owner : undefined;
      if (!(await store.takeOver(doc.msg.msgId, dead))) continue;
      await recoverOne(doc);
      done++;
    }
    return done;
  }

  return {
    async handle(msg, ctx) {
      const deadline = ctx.startedAt + config.REPLY_BUDGET_MS;
      const claimed = await store.claim(msg, ctx.raw, ctx.format);
      if (claimed === 'duplicate') {
        log.info({ msgId: msg.msgId }, 'duplicate callback');
        return answerDuplicate(msg.msgId, deadline, true);
      }
      deps.metrics?.messagesIn.inc({ channel: msg.channel });
      const release = hold(msg.msgId);
      await data.groups
        .learn(msg, webhookKeyFrom(msg.webhookUrl), clock.now())
        .catch((err) => log.warn({ err }, 'group learning failed'));
      const work = claimed === 'retaken' ? rerun(msg) : runDispatch(msg);
      const remaining = Math.max(0, deadline - performance.now());
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        work,
        new Promise<undefined>((r) => {
          timer = setTimeout(() => r(undefined), remaining);
        }),
      ]);
      clearTimeout(timer);
      const sync = inTime ? await syncable(msg, inTime.replies) : undefined;
      if (inTime && sync) {
        const { reply, images = [] } = sync;
        const kept: Reply[] = [reply, ...images.map((png) => ({ type: 'image' as const, png }))];
        const done = () =>
          finish(msg.msgId, { replies: kept, delivery: 'sync', error: inTime.error })
            .catch((err) => log.error({ err, msgId: msg.msgId }, 'could not mark message processed'))
            .finally(release);
        if (inTime.error && inTime.stored) release();
        else if (inTime.stored) track(done());
        else await done();
        deps.metrics?.answers.inc({ mode: 'sync' });
        return images.length ? { kind: 'sync', reply, images } : { kind: 'sync', reply };
      }
      // Acknowledged before the answer is ready: say so first, so a recovery queues it again.
      await store
        .markAnsweredLater(msg.msgId)
        .catch((err) => log.warn({ err, msgId: msg.msgId }, 'could not record a deferred answer'));
      track(finishLater(msg, work, release));
      return { kind: 'empty' };
    },

    async answerOf(msgId) {
      return answerDuplicate(msgId, 0);
    },

    async recoverPending(opts = {}) {
      // Leases held by a live instance expire later: sweep again until this instance stops.
      sweepTimer ??= setInterval(() => {
        sweeping ??= recoverOnce(opts.olderThanMs).finally(() => {
          sweeping = undefined;
        });
        sweeping.catch((err) => log.warn({ err }, 'recovery sweep failed'));
      }, LEASE_MS / 2);
      sweepTimer.unref();
      return recoverOnce(opts.olderThanMs);
    },

    async drain() {
      clearInterval(sweepTimer);
      await sweeping?.catch(() => {});
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
