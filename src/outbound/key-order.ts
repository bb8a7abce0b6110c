/**
 * Keeps the messages to one webhook key in the order they were queued, whatever the rate limit,
 * retries or the number of workers do to the BullMQ jobs. Each piece gets a per-key sequence number
 * when it is queued (atomically, so every bot instance agrees); only the piece at the head of its key's
 * line may be sent, the others wait parked, and finishing a piece wakes the next one.
 *
 * A head whose job finished without saying so (a crash, an unexpected failure) or never reached the
 * queue is dropped after a grace time, so one lost piece cannot hold a key up for good.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const REGISTER = `
local line, seq, since = KEYS[1], KEYS[2], KEYS[3]
local now, sentPrefix, failedPrefix = ARGV[1], ARGV[2], ARGV[3]
for i = 4, #ARGV do
  local id = ARGV[i]
  if not redis.call('ZSCORE', line, id)
    and redis.call('EXISTS', sentPrefix .. id) == 0
    and redis.call('EXISTS', failedPrefix .. id) == 0 then
    redis.call('ZADD', line, redis.call('INCR', seq), id)
    redis.call('HSET', since, id, now)
  end
end
return 1
`;

export type JobStateFn = (jobId: string) => Promise<string>;

export interface KeyOrder {
  /** Puts pieces at the end of the key's line, in the given order; ids already known are left alone. */
  register(webhookKey: string, jobIds: string[]): Promise<void>;
  /** True when the piece is in its key's line. */
  has(webhookKey: string, jobId: string): Promise<boolean>;
  /** The piece allowed to send now, dropping heads that finished or were lost. */
  head(webhookKey: string): Promise<string | undefined>;
  /** Takes a piece out of the line (sent, or given up); returns the new head. */
  finish(webhookKey: string, jobId: string): Promise<string | undefined>;
}

export function createKeyOrder(opts: {
  redis: Redis;
  prefix: string;
  /** Markers that say a job id was sent / failed for good: such an id is never put in line again. */
  sentPrefix: string;
  failedPrefix: string;
  jobState: JobStateFn;
  /** How long a head may be missing from the queue before it counts as lost. */
  lostAfterMs?: number;
}): KeyOrder {
  const { redis } = opts;
  const lostAfter = opts.lostAfterMs ?? 60_000;
  // The key is a credential: its hash names the Redis keys.
  const keys = (webhookKey: string) => {
    const id = createHash('sha1').update(webhookKey).digest('hex').slice(0, 16);
    const base = `${opts.prefix}wecom:order:${id}`;
    return { line: base, seq: `${base}:seq`, since: `${base}:since` };
  };

  async function drop(k: ReturnType<typeof keys>, jobId: string): Promise<void> {
    await redis.multi().zrem(k.line, jobId).hdel(k.since, jobId).exec();
  }

  async function head(webhookKey: string): Promise<string | undefined> {
    const k = keys(webhookKey);
    for (let i = 0; i < 50; i++) {
      const [first] = await redis.zrange(k.line, 0, 0);
      if (first === undefined) return undefined;
      const state = await opts.jobState(first);
      if (state === 'completed' || state === 'failed') {
        await drop(k, first);
        continue;
      }
      if (state === 'unknown') {
        const since = Number(await redis.hget(k.since, first));
        if (!since || Date.now() - since > lostAfter) {
          await drop(k, first);
          continue;
        }
      }
      return first;
    }
    return undefined;
  }

  return {
    async register(webhookKey, jobIds) {
      if (!jobIds.length) return;
      const k = keys(webhookKey);
      await redis.eval(
        REGISTER,
        3,
        k.line,
        k.seq,
        k.since,
        String(Date.now()),
        opts.sentPrefix,
        opts.failedPrefix,
        ...jobIds,
      );
    },
    async has(webhookKey, jobId) {
      return (await redis.zscore(keys(webhookKey).line, jobId)) !== null;
    },
    head,
    async finish(webhookKey, jobId) {
      await drop(keys(webhookKey), jobId);
      return head(webhookKey);
    },
  };
}
