/**
 * Everything the bot posts to WeCom goes through here: a durable BullMQ queue in Redis, one job per
 * message piece, a shared per-key rate limit, retries that never drop a message, and a "sent"
 * marker so a job retried after a crash between send and ack is not posted twice.
 */
import { createHash } from 'node:crypto';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type Clock, systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Data } from '../data/index.ts';
import type { Reply } from '../domain/messages.ts';
import { AppError } from '../errors.ts';
import { type Logger, redactUrl } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { queueRedisOptions } from '../store/redis.ts';
import { type AibotQueue, type AibotTarget, createAibotQueue } from './aibot-queue.ts';
import { createKeyOrder } from './key-order.ts';
import { compactLongReply } from './long-message.ts';
import { createRateLimiter } from './rate-limit.ts';
import { splitContent } from './split.ts';
import {
  createWebhookClient,
  isRetryableErrcode,
  type WebhookClient,
  WecomApiError,
} from './webhook-client.ts';

export type OutboundTarget =
  | { webhookKey: string }
  | { chatId: string }
  | { responseUrl: string }
  | AibotTarget;

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
export const FILE_MAX_BYTES = 20 * 1024 * 1024;
/** 智能机器人 active replies carry up to 20480 bytes of markdown (research §2b). */
export const RESPONSE_URL_MAX_BYTES = 20480;
const SENT_TTL_S = 7 * 24 * 3600;
const QUEUE_NAME = 'wecom-outbound';

/** `parts`: how many pieces the message (one `send`) has; a job's id is `${message}-${index}`. */
type JobData =
  | { kind: 'send'; key: string; body: object; retries?: number; parts?: number }
  | {
      kind: 'file';
      key: string;
      filename: string;
      dataB64: string;
      mediaId?: string;
      retries?: number;
      parts?: number;
    }
  | { kind: 'response'; url: string; body: object; retries?: number };

export interface Outbound {
  send(target: OutboundTarget, reply: Reply, opts?: { id?: string }): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Jobs not yet finished (waiting, delayed, active): for tests and /readyz-style probes. */
  pending(): Promise<number>;
  /** The long connection's line: its holder consumes it (src/outbound/aibot-queue.ts). */
  aibot: AibotQueue;
}

export interface OutboundOptions {
  config: Config;
  log: Logger;
  /** The groups: a chat id's webhook key, and the mark WeCom's 93000 leaves. */
  data: Pick<Data, 'groups'>;
  clock?: Clock;
  client?: WebhookClient;
  /** Messages per window per webhook key (WeCom: 20 per 60 s). */
  limit?: number;
  windowMs?: number;
  /** First retry delay after 45009 / -1 / network failure; doubles up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  concurrency?: number;
  metrics?: Metrics;
  /** How long a piece waiting for an earlier one sleeps before it looks again (it is also woken). */
  parkMs?: number;
  /** How long a piece may hold its key's line without existing in the queue (a crash while queueing). */
  lostAfterMs?: number;
  /** The most webhook messages one text/markdown message becomes (default: MESSAGE_MAX_PIECES). */
  maxPieces?: number;
}

/** The message (one `send`) a piece belongs to: its job id without the piece index. */
const messageOf = (jobId: string) => jobId.replace(/-\d+$/, '');
const pieceOf = (jobId: string) => Number(/-(\d+)$/.exec(jobId)?.[1] ?? 0);

const safeId = (s: string) => (/^[\w.-]{1,100}$/.test(s) ? s : createHash('sha1').update(s).digest('hex'));
const hash = (s: string | Buffer) => createHash('sha1').update(s).digest('hex').slice(0, 20);

/** What the log may say about a failed call: code, HTTP status and message, never the request. */
function failure(err: unknown): Record<string, unknown> {
  const e = err as { code?: unknown; httpStatus?: unknown; netCode?: unknown; message?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : 'internal',
    status: typeof e?.httpStatus === 'number' ? e.httpStatus : undefined,
    netCode: typeof e?.netCode === 'string' ? e.netCode : undefined,
    error: redactUrl(String(e?.message ?? err)),
  };
}

export function createOutbound(opts: OutboundOptions): Outbound {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const client =
    opts.client ??
    createWebhookClient({ apiBase: config.WECOM_API_BASE, timeoutMs: config.WECOM_API_TIMEOUT_MS });
  const prefix = config.REDIS_KEY_PREFIX;
  const retryBase = opts.retryBaseMs ?? 5_000;
  const retryMax = opts.retryMaxMs ?? 300_000;
  const connection = new Redis(config.REDIS_URL, queueRedisOptions());
  connection.on('error', () => {});
  const queue = new Queue<JobData>(QUEUE_NAME, { connection, prefix: `${prefix}bull` });
  const limiter = createRateLimiter({
    redis: connection,
    prefix,
    limit: opts.limit ?? 20,
    windowMs: opts.windowMs ?? 60_000,
  });
  const sentPrefix = `${prefix}wecom:sent:`;
  const failedPrefix = `${prefix}wecom:failed:`;
  /** Set on a message whose key WeCom rejected (93000): its later pieces are not tried. */
  const rejectedPrefix = `${prefix}wecom:rejected:`;
  const maxPieces = opts.maxPieces ?? config.MESSAGE_MAX_PIECES;
  const order = createKeyOrder({
    redis: connection,
    prefix,
    sentPrefix,
    failedPrefix,
    jobState: (id) => queue.getJobState(id),
    lostAfterMs: opts.lostAfterMs,
  });
  const parkMs = opts.parkMs ?? 30_000;
  const aibot = createAibotQueue({
    config,
    log,
    connection,
    sentPrefix,
    failedPrefix,
    retryBaseMs: Math.min(retryBase, 1_000),
    // Short: a piece waits for a holder of the connection, who may take over within seconds.
    retryMaxMs: Math.min(retryMax, 30_000),
    metrics: opts.metrics,
    parkMs,
    lostAfterMs: opts.lostAfterMs,
  });
  let worker: Worker<JobData> | undefined;
  let workerConnection: Redis | undefined;

  async function resolveKey(target: { chatId: string }): Promise<string> {
    const group = await opts.data.groups.byChatId(target.chatId);
    if (!group?.webhookKey) {
      throw new AppError('not_found', `群 ${target.chatId} 没有可用的 Webhook`, { expose: true });
    }
    return group.webhookKey;
  }

  function jobsFor(target: OutboundTarget & { webhookKey?: string }, reply: Reply, base: string) {
    const jobs: Array<{ name: string; data: JobData; opts: { jobId: string } }> = [];
    const add = (data: JobData) =>
      jobs.push({ name: data.kind, data, opts: { jobId: `${base}-${jobs.length}` } });
    if ('responseUrl' in target) {
      if (reply.type !== 'text' && reply.type !== 'markdown') {
        throw new AppError('invalid_input', '智能机器人的回复地址只能发送文字', { expose: true });
      }
      const parts = splitContent(reply.content, RESPONSE_URL_MAX_BYTES);
      if (parts.length > 1) throw new AppError('invalid_input', '回复过长，无法一次发送', { expose: true });
      add({
        kind: 'response',
        url: target.responseUrl,
        body: { msgtype: 'markdown', markdown: { content: parts[0] ?? '' } },
      });
      return jobs;
    }
    const key = target.webhookKey!;
    if (reply.type === 'text' || reply.type === 'markdown') {
      const compact = compactLongReply(reply, maxPieces);
      for (const body of compact.bodies) add({ kind: 'send', key, body });
      if (compact.file) {
        add({
          kind: 'file',
          key,
          filename: compact.file.filename,
          dataB64: compact.file.data.toString('base64'),
        });
        log.info(
          {
            jobId: base,
            pieces: compact.fullPieces,
            sent: compact.bodies.length,
            file: compact.file.filename,
          },
          'long message: first pieces sent, the whole text as a file',
        );
      }
    } else if (reply.type === 'image') {
      if (reply.png.length > IMAGE_MAX_BYTES) {
        throw new AppError(
          'invalid_input',
          `图片 ${(reply.png.length / 1048576).toFixed(1)} MB，超过群机器人 2 MB 的上限`,
          {
            expose: true,
          },
        );
      }
      if (reply.caption)
        add({ kind: 'send', key, body: { msgtype: 'text', text: { content: reply.caption } } });
      add({
        kind: 'send',
        key,
        body: {
          msgtype: 'image',
          image: {
            base64: reply.png.toString('base64'),
            md5: createHash('md5').update(reply.png).digest('hex'),
          },
        },
      });
    } else {
      if (reply.data.length <= 5 || reply.data.length > FILE_MAX_BYTES) {
        throw new AppError('invalid_input', `文件大小须在 6 字节到 20 MB 之间（${reply.filename}）`, {
          expose: true,
        });
      }
      add({ kind: 'file', key, filename: reply.filename, dataB64: reply.data.toString('base64') });
    }
    for (const job of jobs) if (job.data.kind !== 'response') job.data.parts = jobs.length;
    return jobs;
  }

  async function send(target: OutboundTarget, reply: Reply, sendOpts: { id?: string } = {}): Promise<void> {
    if ('aibotChat' in target) {
      const content =
        reply.type === 'image' ? reply.png : reply.type === 'file' ? reply.data : JSON.stringify(reply);
      const base = sendOpts.id
        ? safeId(sendOpts.id)
        : `h${hash(Buffer.concat([Buffer.from(JSON.stringify(target)), Buffer.from(content)]))}`;
      return aibot.send(target, reply, base);
    }
    const resolved = 'chatId' in target ? { webhookKey: await resolveKey(target) } : target;
    const content =
      reply.type === 'image' ? reply.png : reply.type === 'file' ? reply.data : JSON.stringify(reply);
    const base = sendOpts.id
      ? safeId(sendOpts.id)
      : `h${hash(Buffer.concat([Buffer.from(JSON.stringify(resolved)), Buffer.from(content)]))}`;
    const jobs = jobsFor(resolved, reply, base);
    if (!jobs.length) {
      log.warn({ jobId: base }, 'outbound reply is empty; nothing sent');
      return;
    }
    // Places in the key's line are taken before the jobs exist, so no worker can see them unordered.
    if ('webhookKey' in resolved) {
      await order.register(
        resolved.webhookKey,
        jobs.map((j) => j.opts.jobId),
      );
    }
    await queue.addBulk(
      jobs.map((j) => ({
        ...j,
        opts: { ...j.opts, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: SENT_TTL_S } },
      })),
    );
  }

  async function later(
    job: Job<JobData>,
    token: string | undefined,
    delayMs: number,
    bump: boolean,
  ): Promise<never> {
    if (bump) await job.updateData({ ...job.data, retries: (job.data.retries ?? 0) + 1 });
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }

  /** Takes a finished piece out of its key's line and wakes the next one. */
  async function advance(key: string, jobId: string): Promise<void> {
    const next = await order.finish(key, jobId);
    if (next) await wake(next);
  }

  async function wake(jobId: string): Promise<void> {
    const next = await queue.getJob(jobId);
    // Not delayed (already waiting or running): it will look at the line by itself.
    await next?.promote().catch(() => {});
  }

  /** An earlier piece of this key is not sent yet: sleep until it wakes us (or parkMs passes). */
  async function park(job: Job<JobData>, token: string | undefined, key: string): Promise<never> {
    await job.moveToDelayed(Date.now() + parkMs, token);
    // The earlier piece may have finished between our look and the move; then nobody would wake us.
    if ((await order.head(key)) === job.id) await wake(job.id!);
    throw new DelayedError();
  }

  async function processJob(job: Job<JobData>, token?: string): Promise<string> {
    const sentKey = `${sentPrefix}${job.id}`;
    const d = job.data;
    if (await connection.exists(sentKey)) {
      if (d.kind !== 'response') await advance(d.key, job.id!);
      return 'already sent';
    }
    // An earlier piece of this message met 93000: the key is dead, trying the rest only earns 93000s.
    if (d.kind !== 'response' && (await connection.exists(`${rejectedPrefix}${messageOf(job.id!)}`))) {
      await connection.set(`${failedPrefix}${job.id}`, '1', 'EX', SENT_TTL_S);
      await advance(d.key, job.id!);
      log.debug({ jobId: job.id }, 'piece not tried: its webhook key was rejected (93000)');
      throw new UnrecoverableError('webhook key rejected by WeCom (93000) for this message; not tried');
    }
    try {
      if (d.kind === 'response') {
        await client.postResponseUrl(d.url, d.body);
      } else {
        // Queued by a version without ordering, or its place was dropped as lost: join the line now.
        if (!(await order.has(d.key, job.id!))) await order.register(d.key, [job.id!]);
        const head = await order.head(d.key);
        if (head !== undefined && head !== job.id) return await park(job, token, d.key);
        if (d.kind === 'file' && !d.mediaId) {
          const mediaId = await client.uploadMedia(d.key, d.filename, Buffer.from(d.dataB64, 'base64'));
          await job.updateData({ ...d, mediaId });
          d.mediaId = mediaId;
        }
        const wait = await limiter.acquire(d.key);
        if (wait > 0) return await later(job, token, wait, false);
        await client.send(
          d.key,
          d.kind === 'file' ? { msgtype: 'file', file: { media_id: d.mediaId } } : d.body,
        );
      }
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const errcode = err instanceof WecomApiError ? err.errcode : undefined;
      if (errcode === undefined || isRetryableErrcode(errcode)) {
        const delay = Math.min(retryMax, retryBase * 2 ** (d.retries ?? 0));
        log.warn({ jobId: job.id, errcode, ...failure(err), delay }, 'webhook send deferred');
        opts.metrics?.errors.inc({ source: 'outbound', code: String(failure(err).code) });
        return await later(job, token, delay, true);
      }
      if (errcode === 93000 && d.kind !== 'response') {
        await opts.data.groups.markBroken(d.key, clock.now());
        // Queued before pieces knew their count (an upgrade): the marker still stops the rest.
        await connection.set(`${rejectedPrefix}${messageOf(job.id!)}`, '1', 'EX', SENT_TTL_S);
        const unsent = d.parts === undefined ? undefined : Math.max(0, d.parts - pieceOf(job.id!) - 1);
        const rest =
          unsent === undefined
            ? '; the rest of this message is not tried'
            : unsent > 0
              ? `; the other ${unsent} piece(s) of this message are not tried`
              : '';
        log.error(
          { jobId: job.id, errcode, unsent },
          `webhook key rejected by WeCom (93000): group marked broken${rest}`,
        );
      } else {
        // 40058 / 44004 / 40008 and the like: our message is wrong, retrying cannot help.
        log.error({ jobId: job.id, errcode, ...failure(err) }, 'WeCom refused a message: bug');
      }
      opts.metrics?.errors.inc({
        source: 'outbound',
        code: errcode === undefined ? 'failed' : `errcode_${errcode}`,
      });
      if (d.kind !== 'response') {
        await connection.set(`${failedPrefix}${job.id}`, '1', 'EX', SENT_TTL_S);
        await advance(d.key, job.id!);
      }
      throw new UnrecoverableError(redactUrl((err as Error).message));
    }
    await connection.set(sentKey, '1', 'EX', SENT_TTL_S);
    if (d.kind !== 'response') await advance(d.key, job.id!);
    return 'sent';
  }

  return {
    send,
    async start() {
      if (worker) return;
      workerConnection = new Redis(config.REDIS_URL, queueRedisOptions());
      workerConnection.on('error', () => {});
      worker = new Worker<JobData>(QUEUE_NAME, processJob, {
        connection: workerConnection,
        prefix: `${prefix}bull`,
        concurrency: opts.concurrency ?? 1,
      });
      worker.on('error', (err) => log.warn(failure(err), 'outbound worker error'));
      // A piece that failed for an unexpected reason must not hold up the pieces after it.
      worker.on('failed', (job, err) => {
        if (!job || job.data.kind === 'response' || err instanceof UnrecoverableError) return;
        log.error({ jobId: job.id, ...failure(err) }, 'outbound job failed');
        void advance(job.data.key, job.id!).catch(() => {});
      });
      await worker.waitUntilReady();
    },
    async stop() {
      await worker?.close();
      await aibot.close();
      await queue.close();
      workerConnection?.disconnect();
      connection.disconnect();
    },
    async pending() {
      const c = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0) + (await aibot.pending());
    },
    aibot,
  };
}
