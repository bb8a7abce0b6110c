/**
 * Persistence and deduplication of inbound messages. Redis SET NX is the fast path for WeCom's
 * retries; the _id (= MsgId) is the ground truth (Redis down → duplicate key only). A store failure is
 * a 503 so WeCom retries: nothing is acknowledged that was not stored.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import type { Clock } from '../clock.ts';
import type { InboundMessage, Reply } from '../domain/messages.ts';
import { AppError } from '../errors.ts';
import { batchedInserts, batchedUpdates, castForInsert } from './write-batch.ts';

const SEEN_TTL_S = 3 * 24 * 3600;
/**
 * How long a processor owns a message before a retry or recovery may take it over. The owner renews
 * it while the handler runs, so a slow handler keeps its message and a dead one loses it soon.
 */
export const LEASE_MS = 30_000;

/** Who holds a lease: host and pid, so a restart on the same host can tell a dead owner at once. */
export const INSTANCE = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

/** true when `owner` was a process on this host that no longer runs (kill -9, crash). */
export function ownerIsDead(owner: unknown): boolean {
  if (typeof owner !== 'string' || owner === INSTANCE) return false;
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
const STORE_TIMEOUT_MS = 2_000;
/** After the ack nobody waits on a write: give a busy store time rather than lose the lease. */
const LATE_WRITE_TIMEOUT_MS = 10_000;

export const storeUnavailable = (cause?: unknown) =>
  new AppError('store_unavailable', '暂时无法保存消息，请稍后重试', { status: 503, expose: true, cause });

export function withTimeout<T>(p: Promise<T>, ms = STORE_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`store timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

/** Replies as stored: text in full, binary content summarised. */
export function storedReplies(replies: Reply[]): Array<Record<string, unknown>> {
  return replies.map((r) =>
    r.type === 'image'
      ? { type: 'image', bytes: r.png.length, caption: r.caption }
      : r.type === 'file'
        ? { type: 'file', filename: r.filename, bytes: r.data.length }
        : { ...r },
  );
}

export function messageFromDoc(doc: Record<string, unknown>): InboundMessage {
  const m: InboundMessage = {
    msgId: String(doc.msgId),
    channel: doc.channel === 'aibot' || doc.channel === 'aibot-ws' ? doc.channel : 'robot',
    chatType: doc.chatType as InboundMessage['chatType'],
    userId: String(doc.userId ?? ''),
    kind: doc.kind as InboundMessage['kind'],
    imageUrls: (doc.imageUrls as string[] | undefined) ?? [],
    receivedAt: doc.receivedAt as Date,
  };
  for (const f of [
    'chatId',
    'userName',
    'text',
    'eventType',
    'webhookUrl',
    'responseUrl',
    'reqId',
  ] as const) {
    if (typeof doc[f] === 'string') m[f] = doc[f] as string;
  }
  if (doc.fromVoice === true) m.fromVoice = true;
  if (Array.isArray(doc.imageAesKeys) && doc.imageAesKeys.length)
    m.imageAesKeys = doc.imageAesKeys.map(String);
  const action = doc.cardAction as InboundMessage['cardAction'] | undefined;
  if (action && typeof action.taskId === 'string' && typeof action.key === 'string') m.cardAction = action;
  return m;
}

export interface InboundStore {
  /**
   * 'new' when this caller stored the message and owns it, 'retaken' when it took over a stored
   * message an earlier attempt did not finish, else 'duplicate'.
   */
  claim(msg: InboundMessage, raw: string, format: 'xml' | 'json'): Promise<'new' | 'retaken' | 'duplicate'>;
  /**
   * Takes over a stored message nobody is processing: received, lease expired, or (with
   * `deadOwner`, the owner recovery saw dead) still held by exactly that dead owner.
   */
  takeOver(msgId: string, deadOwner?: string): Promise<boolean>;
  /** Extends this instance's lease while its handler runs; false when the lease was lost. */
  renew(msgId: string): Promise<boolean>;
  finish(
    msgId: string,
    result: { replies: Reply[]; delivery: 'sync' | 'webhook' | 'none'; error?: string },
  ): Promise<void>;
  /**
   * Records that the callback was acknowledged before its answer was ready: the answer goes through
   * the outbound queue, so after a crash it is queued again (same job ids: never twice).
   */
  markAnsweredLater(msgId: string): Promise<void>;
  /** The stored message, or null. */
  get(msgId: string): Promise<StoredInbound | null>;
  /** Messages nobody finished, received before `cutoff`, oldest first. */
  unfinished(cutoff: Date): Promise<StoredInbound[]>;
}

export interface StoredInbound {
  msg: InboundMessage;
  status: string;
  owner?: string;
  delivery?: string;
  replies: Reply[];
}

function stored(doc: Record<string, unknown>): StoredInbound {
  return {
    msg: messageFromDoc(doc),
    status: String(doc.status),
    ...(typeof doc.owner === 'string' ? { owner: doc.owner } : {}),
    ...(typeof doc.delivery === 'string' ? { delivery: doc.delivery } : {}),
    replies: (doc.replies as Reply[] | undefined) ?? [],
  };
}

export function createInboundStore(deps: { redis: Redis; prefix: string; clock: Clock }): InboundStore {
  const { redis, clock } = deps;
  const seenKey = (id: string) => `${deps.prefix}inbound:seen:${id}`;
  // Messages arriving together are stored, and marked done, in one store command each (group commit).
  const insert = batchedInserts(InboundMessageModel);
  const update = batchedUpdates(InboundMessageModel);
  // The msgId index keeps documents stored before _id = MsgId deduplicated; build it even if the model was registered
  // after the connection synced indexes. Retried on the next message if the store was down.
  let indexes: Promise<unknown> | undefined;
  const ensureIndexes = () => {
    indexes ??= withTimeout(InboundMessageModel.createIndexes()).catch((err) => {
      indexes = undefined;
      throw err;
    });
    return indexes;
  };

  // Two instances share the stores: a message another live instance is processing is never taken
  // (that would process it twice); only an expired lease or a provably dead owner gives it up.
  async function takeOver(msgId: string, deadOwner?: string): Promise<boolean> {
    const now = clock.now();
    const free: Array<Record<string, unknown>> = [
      { status: 'received' },
      { status: 'processing', leaseUntil: { $lt: now } },
      { status: 'processing', leaseUntil: { $exists: false } },
    ];
    if (deadOwner) free.push({ status: 'processing', owner: deadOwner });
    const doc = await withTimeout(
      InboundMessageModel.findOneAndUpdate(
        // The MsgId is the _id (models/inbound-message.model.ts): an index lookup on FerretDB too.
        { _id: msgId, $or: free },
        {
          $set: {
            status: 'processing',
            leaseUntil: new Date(now.getTime() + LEASE_MS),
            owner: INSTANCE,
          },
          $inc: { attempts: 1 },
        },
        // `owner` is not in the shared model yet: strict off so it is stored and matched (strictQuery
        // would silently drop it from the filter and take any message).
        { new: true, strict: false, strictQuery: false },
      ).exec(),
    );
    return Boolean(doc);
  }

  /**
   * WeCom's retry of a stored message: taken over when nobody is processing it, or when its owner
   * was a process of this host that died (kill -9 between storing and answering) — the retry is then
   * the person's only answer, and it must not wait for a lease nobody renews.
   */
  async function retake(msgId: string): Promise<boolean> {
    if (await takeOver(msgId)) return true;
    const doc = await withTimeout(
      InboundMessageModel.findOne({ _id: msgId, status: 'processing' }, { owner: 1 })
        .lean<{ owner?: unknown }>()
        .exec(),
    );
    return Boolean(doc && ownerIsDead(doc.owner) && (await takeOver(msgId, String(doc.owner))));
  }

  return {
    takeOver,
    async renew(msgId) {
      const now = clock.now();
      const r = await withTimeout(
        InboundMessageModel.updateOne(
          { _id: msgId, status: 'processing', owner: INSTANCE },
          { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) } },
          { strict: false, strictQuery: false },
        ).exec(),
        LATE_WRITE_TIMEOUT_MS,
      );
      return r.matchedCount > 0;
    },
    async claim(msg, raw, format) {
      if (mongoose.connection.readyState !== 1) throw storeUnavailable();
      await ensureIndexes().catch((err) => {
        throw storeUnavailable(err);
      });
      let firstSeen: boolean | undefined;
      try {
        firstSeen = (await redis.set(seenKey(msg.msgId), '1', 'EX', SEEN_TTL_S, 'NX')) === 'OK';
      } catch {
        firstSeen = undefined; // Redis down: the unique index alone decides.
      }
      try {
        if (firstSeen === false) {
          if (await retake(msg.msgId)) return 'retaken';
          if (await withTimeout(InboundMessageModel.exists({ _id: msg.msgId }))) return 'duplicate';
          // Seen by Redis but never stored (an earlier attempt got 503): store it now.
        }
        const now = clock.now();
        await withTimeout(
          insert(
            castForInsert(
              InboundMessageModel,
              {
                ...msg,
                _id: msg.msgId,
                format,
                raw,
                status: 'processing',
                leaseUntil: new Date(now.getTime() + LEASE_MS),
                owner: INSTANCE,
                attempts: 1,
              },
              now,
            ),
          ),
        );
        return 'new';
      } catch (err) {
        if (isDuplicateKey(err)) {
          return (await retake(msg.msgId).catch(() => false)) ? 'retaken' : 'duplicate';
        }
        throw storeUnavailable(err);
      }
    },
    async markAnsweredLater(msgId) {
      await withTimeout(
        InboundMessageModel.updateOne({ _id: msgId }, { $set: { delivery: 'webhook' } }).exec(),
        LATE_WRITE_TIMEOUT_MS,
      );
    },
    async get(msgId) {
      const doc = await InboundMessageModel.findOne({ _id: msgId }).lean();
      return doc ? stored(doc as unknown as Record<string, unknown>) : null;
    },
    async unfinished(cutoff) {
      const docs = await InboundMessageModel.find({
        status: { $in: ['received', 'processing'] },
        receivedAt: { $lte: cutoff },
      })
        .sort({ receivedAt: 1 })
        .lean();
      return docs.map((d) => stored(d as unknown as Record<string, unknown>));
    },
    async finish(msgId, result) {
      await withTimeout(
        update({
          filter: { _id: msgId },
          update: {
            $set: {
              status: result.error ? 'failed' : 'processed',
              replies: storedReplies(result.replies),
              delivery: result.delivery,
              processedAt: clock.now(),
              updatedAt: clock.now(),
              ...(result.error ? { error: result.error } : {}),
            },
            $unset: { leaseUntil: 1, owner: 1 },
          },
        }),
        LATE_WRITE_TIMEOUT_MS,
      );
    },
  };
}
