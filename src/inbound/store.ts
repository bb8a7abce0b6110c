/**
 * Persistence and deduplication of inbound messages. Redis SET NX is the fast path for WeCom's
 * retries; the unique msgId index is the ground truth (Redis down → index only). A store failure is
 * a 503 so WeCom retries: nothing is acknowledged that was not stored.
 */
import type { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import type { InboundMessage, Reply } from '../bot/types.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';

const SEEN_TTL_S = 3 * 24 * 3600;
/** How long a processor owns a message before a retry or recovery may take it over. */
export const LEASE_MS = 60_000;
const STORE_TIMEOUT_MS = 2_000;

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
    channel: doc.channel === 'aibot' ? 'aibot' : 'robot',
    chatType: doc.chatType as InboundMessage['chatType'],
    userId: String(doc.userId ?? ''),
    kind: doc.kind as InboundMessage['kind'],
    imageUrls: (doc.imageUrls as string[] | undefined) ?? [],
    receivedAt: doc.receivedAt as Date,
  };
  for (const f of ['chatId', 'userName', 'text', 'eventType', 'webhookUrl', 'responseUrl'] as const) {
    if (typeof doc[f] === 'string') m[f] = doc[f] as string;
  }
  return m;
}

export interface InboundStore {
  /** 'new' when this caller now owns the message (stored, or taken over), else 'duplicate'. */
  claim(msg: InboundMessage, raw: string, format: 'xml' | 'json'): Promise<'new' | 'duplicate'>;
  /** Takes over a stored message nobody is processing (received, or lease expired). */
  takeOver(msgId: string, ignoreLease?: boolean): Promise<boolean>;
  finish(
    msgId: string,
    result: { replies: Reply[]; delivery: 'sync' | 'webhook' | 'none'; error?: string },
  ): Promise<void>;
}

export function createInboundStore(deps: { redis: Redis; prefix: string; clock: Clock }): InboundStore {
  const { redis, clock } = deps;
  const seenKey = (id: string) => `${deps.prefix}inbound:seen:${id}`;
  // The unique msgId index is what makes dedupe correct; build it even if the model was registered
  // after the connection synced indexes. Retried on the next message if the store was down.
  let indexes: Promise<unknown> | undefined;
  const ensureIndexes = () => {
    indexes ??= withTimeout(InboundMessageModel.createIndexes()).catch((err) => {
      indexes = undefined;
      throw err;
    });
    return indexes;
  };

  async function takeOver(msgId: string, ignoreLease = false): Promise<boolean> {
    const now = clock.now();
    const free = ignoreLease
      ? [{ status: 'received' }, { status: 'processing' }]
      : [{ status: 'received' }, { status: 'processing', leaseUntil: { $lt: now } }];
    const doc = await withTimeout(
      InboundMessageModel.findOneAndUpdate(
        { msgId, $or: free },
        {
          $set: { status: 'processing', leaseUntil: new Date(now.getTime() + LEASE_MS) },
          $inc: { attempts: 1 },
        },
        { new: true },
      ).exec(),
    );
    return Boolean(doc);
  }

  return {
    takeOver,
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
          if (await takeOver(msg.msgId)) return 'new';
          if (await withTimeout(InboundMessageModel.exists({ msgId: msg.msgId }))) return 'duplicate';
          // Seen by Redis but never stored (an earlier attempt got 503): store it now.
        }
        const now = clock.now();
        await withTimeout(
          InboundMessageModel.create({
            ...msg,
            format,
            raw,
            status: 'processing',
            leaseUntil: new Date(now.getTime() + LEASE_MS),
            attempts: 1,
          }),
        );
        return 'new';
      } catch (err) {
        if (isDuplicateKey(err)) return (await takeOver(msg.msgId).catch(() => false)) ? 'new' : 'duplicate';
        throw storeUnavailable(err);
      }
    },
    async finish(msgId, result) {
      await withTimeout(
        InboundMessageModel.updateOne(
          { msgId },
          {
            $set: {
              status: result.error ? 'failed' : 'processed',
              replies: storedReplies(result.replies),
              delivery: result.delivery,
              processedAt: clock.now(),
              ...(result.error ? { error: result.error } : {}),
            },
            $unset: { leaseUntil: 1 },
          },
        ).exec(),
      );
    },
  };
}
