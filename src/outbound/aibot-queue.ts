/**
 * The outbound line for chats over the 智能机器人 long connection. Anyone may queue (every bot
 * instance, `npm run job`), but only the instance holding the connection can send, so these pieces
 * have a BullMQ queue of their own whose worker runs only while this process holds the connection
 * (`consume` / `pause`, driven by src/wiring.ts). Per chat, pieces go in the order they were queued
 * (the key-order line the webhook pieces use), each piece once (the same "sent" markers), and a piece
 * that cannot go yet (the connection is closed, WeCom is busy) waits and is tried again, never dropped.
 */
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { MEDIA_LIMITS } from '../domain/aibot-media.ts';
import type { ChatType, Choice, Reply } from '../domain/messages.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { queueRedisOptions } from '../store/redis.ts';
import { createKeyOrder } from './key-order.ts';
import { splitContent } from './split.ts';

/** A chat reached over the long connection. */
export interface AibotTarget {
  /** The conversation: a group's chat id, or the person's userid in a single chat. */
  aibotChat: string;
  chatType?: Extract<ChatType, 'single' | 'group'>;
  /** The req_id of the frame this answers: its first piece goes back on the frame. */
  reqId?: string;
  /** How a frame is answered: a stream (a message) or a welcome (enter_chat). Default stream. */
  replyAs?: 'stream' | 'welcome';
  /** When the frame arrived (ms): WeCom's answer to a late reply depends on it. */
  frameAt?: number;
}

export type AibotPiece =
  | { type: 'markdown'; content: string; mentions?: string[]; choices?: Choice[] }
  | { type: 'image'; dataB64: string; filename: string }
  | { type: 'file'; dataB64: string; filename: string };

export interface AibotJob {
  kind: 'aibot';
  chat: string;
  chatType: 'single' | 'group';
  reqId?: string;
  replyAs?: 'stream' | 'welcome';
  frameAt?: number;
  piece: AibotPiece;
  /** Set once the medium is uploaded, so a retry does not upload it again. */
  mediaId?: string;
  retries?: number;
}

/** Sends pieces over the connection (src/wecom/aibot-ws/delivery.ts). */
export interface AibotDeliverer {
  /** Uploads the job's medium; returns its media_id. */
  upload(job: AibotJob): Promise<string>;
  deliver(job: AibotJob): Promise<void>;
  /** Whether a failure may pass if tried again later (closed connection, busy WeCom). */
  retryable(err: unknown): boolean;
}

export interface AibotQueue {
  send(target: AibotTarget, reply: Reply, base: string): Promise<void>;
  /** Starts sending through `deliverer`; only the holder of the connection calls it. */
  consume(deliverer: AibotDeliverer): Promise<void>;
  /** Stops sending (the connection went to another instance); queued pieces wait for the next holder. */
  pause(): Promise<void>;
  pending(): Promise<number>;
  close(): Promise<void>;
}

/** Stream content and markdown over the long connection: 20480 UTF-8 bytes (research §2b). */
export const AIBOT_CONTENT_MAX_BYTES = 20_480;
const QUEUE_NAME = 'wecom-aibot-ws';
const SENT_TTL_S = 7 * 24 * 3600;

const TOO_LARGE: Record<'image' | 'file', string> = {
  image: '图片超过企业微信允许的大小（2 MB），未能发送。',
  file: '文件超过企业微信允许的大小（20 MB），未能发送，请缩小范围后再导出。',
};

/** The pieces of one reply, in order; only the first answers the frame. */
export function aibotPieces(target: AibotTarget, reply: Reply): AibotJob[] {
  const base = {
    kind: 'aibot' as const,
    chat: target.aibotChat,
    chatType: target.chatType ?? 'group',
  };
  const pieces: AibotPiece[] = [];
  if (reply.type === 'text' || reply.type === 'markdown') {
    const parts = splitContent(reply.content, AIBOT_CONTENT_MAX_BYTES);
    for (const [i, content] of parts.entries()) {
      const last = i === parts.length - 1;
      pieces.push({
        type: 'markdown',
        content,
        // The @ line and the buttons belong with the end of the message, where the question is.
        ...(last && reply.mentions?.length ? { mentions: reply.mentions } : {}),
        ...(last && reply.choices?.length ? { choices: reply.choices } : {}),
      });
    }
  } else {
    const type = reply.type;
    const data = type === 'image' ? reply.png : reply.data;
    if (type === 'image' && reply.caption) pieces.push({ type: 'markdown', content: reply.caption });
    if (data.length > MEDIA_LIMITS[type] || data.length <= 5) {
      pieces.push({ type: 'markdown', content: TOO_LARGE[type] });
    } else {
      pieces.push({
        type,
        dataB64: data.toString('base64'),
        filename: type === 'image' ? 'chart.png' : reply.filename,
      });
    }
  }
  return pieces.map((piece, i) => ({
    ...base,
    ...(i === 0 && target.reqId
      ? {
          reqId: target.reqId,
          replyAs: target.replyAs ?? 'stream',
          ...(target.frameAt ? { frameAt: target.frameAt } : {}),
        }
      : {}),
    piece,
  }));
}

export function createAibotQueue(opts: {
  config: Config;
  log: Logger;
  /** The outbound module's Redis connection (queue and line). */
  connection: Redis;
  sentPrefix: string;
  failedPrefix: string;
  retryBaseMs: number;
  retryMaxMs: number;
  metrics?: Metrics;
  /** How long a piece waiting for an earlier one sleeps before it looks again (it is also woken). */
  parkMs?: number;
  lostAfterMs?: number;
  concurrency?: number;
}): AibotQueue {
  const { config, log, connection, sentPrefix, failedPrefix } = opts;
  const prefix = config.REDIS_KEY_PREFIX;
  const queue = new Queue<AibotJob>(QUEUE_NAME, { connection, prefix: `${prefix}bull` });
  const order = createKeyOrder({
    redis: connection,
    prefix,
    sentPrefix,
    failedPrefix,
    jobState: (id) => queue.getJobState(id),
    lostAfterMs: opts.lostAfterMs,
  });
  const parkMs = opts.parkMs ?? 30_000;
  const lineOf = (chat: string) => `aibot:${chat}`;
  let worker: Worker<AibotJob> | undefined;
  let workerConnection: Redis | undefined;
  let deliverer: AibotDeliverer | undefined;

  async function wake(jobId: string): Promise<void> {
    await (await queue.getJob(jobId))?.promote().catch(() => {});
  }

  async function advance(chat: string, jobId: string): Promise<void> {
    const next = await order.finish(lineOf(chat), jobId);
    if (next) await wake(next);
  }

  async function later(job: Job<AibotJob>, token: string | undefined, delayMs: number): Promise<never> {
    await job.updateData({ ...job.data, retries: (job.data.retries ?? 0) + 1 });
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }

  async function park(job: Job<AibotJob>, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Date.now() + parkMs, token);
    if ((await order.head(lineOf(job.data.chat))) === job.id) await wake(job.id!);
    throw new DelayedError();
  }

  async function processJob(job: Job<AibotJob>, token?: string): Promise<string> {
    const d = job.data;
    const line = lineOf(d.chat);
    if (await connection.exists(`${sentPrefix}${job.id}`)) {
      await advance(d.chat, job.id!);
      return 'already sent';
    }
    const via = deliverer;
    try {
      if (!(await order.has(line, job.id!))) await order.register(line, [job.id!]);
      const head = await order.head(line);
      if (head !== undefined && head !== job.id) return await park(job, token);
      if (!via) throw Object.assign(new Error('not the holder of the connection'), { retry: true });
      if (d.piece.type !== 'markdown' && !d.mediaId) {
        const mediaId = await via.upload(d);
        await job.updateData({ ...d, mediaId });
        d.mediaId = mediaId;
      }
      await via.deliver(d);
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const e = err as { code?: unknown; errcode?: unknown; message?: unknown };
      if ((err as { retry?: boolean }).retry || via?.retryable(err)) {
        const delay = Math.min(opts.retryMaxMs, opts.retryBaseMs * 2 ** (d.retries ?? 0));
        log.warn(
          { jobId: job.id, code: e.code, errcode: e.errcode, error: String(e.message), delay },
          'long-connection send deferred',
        );
        opts.metrics?.errors.inc({ source: 'aibot-ws', code: String(e.code ?? 'deferred') });
        return await later(job, token, delay);
      }
      log.error(
        { jobId: job.id, code: e.code, errcode: e.errcode, error: String(e.message) },
        'WeCom refused a message over the long connection',
      );
      opts.metrics?.errors.inc({
        source: 'aibot-ws',
        code: e.errcode === undefined ? String(e.code ?? 'failed') : `errcode_${e.errcode}`,
      });
      await connection.set(`${failedPrefix}${job.id}`, '1', 'EX', SENT_TTL_S);
      await advance(d.chat, job.id!);
      throw new UnrecoverableError(String(e.message));
    }
    await connection.set(`${sentPrefix}${job.id}`, '1', 'EX', SENT_TTL_S);
    await advance(d.chat, job.id!);
    return 'sent';
  }

  async function pause(): Promise<void> {
    deliverer = undefined;
    const w = worker;
    worker = undefined;
    await w?.close();
    workerConnection?.disconnect();
    workerConnection = undefined;
  }

  return {
    async send(target, reply, base) {
      const jobs = aibotPieces(target, reply).map((data, i) => ({
        name: 'aibot',
        data,
        opts: {
          jobId: `${base}-${i}`,
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: SENT_TTL_S },
        },
      }));
      if (!jobs.length) return;
      // Places in the chat's line are taken before the jobs exist, so no worker sees them unordered.
      await order.register(
        lineOf(target.aibotChat),
        jobs.map((j) => j.opts.jobId),
      );
      await queue.addBulk(jobs);
    },
    async consume(d) {
      deliverer = d;
      if (worker) return;
      workerConnection = new Redis(config.REDIS_URL, queueRedisOptions());
      workerConnection.on('error', () => {});
      worker = new Worker<AibotJob>(QUEUE_NAME, processJob, {
        connection: workerConnection,
        prefix: `${prefix}bull`,
        concurrency: opts.concurrency ?? 4,
        // A holder killed while sending: its pieces come back to the next holder within seconds.
        lockDuration: 15_000,
        stalledInterval: 5_000,
      });
      worker.on('error', (err) => log.warn({ error: err.message }, 'long-connection worker error'));
      worker.on('failed', (job, err) => {
        if (!job || err instanceof UnrecoverableError) return;
        log.error({ jobId: job.id, error: err.message }, 'long-connection job failed');
        void advance(job.data.chat, job.id!).catch(() => {});
      });
      await worker.waitUntilReady();
      // Pieces that waited for a holder go now rather than at the end of their back-off.
      await queue.promoteJobs().catch(() => {});
    },
    pause,
    async pending() {
      const c = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    async close() {
      await pause();
      await queue.close();
    },
  };
}
