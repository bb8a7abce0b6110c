/**
 * WeCom allows 20 messages per minute per robot key. A sliding window in a Redis sorted set, taken
 * atomically in Lua with Redis's own clock, so every bot instance shares one budget per key.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const ACQUIRE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
`;

export interface RateLimiter {
  /** Takes a slot for this key: 0 when granted, else milliseconds until one frees. */
  acquire(webhookKey: string): Promise<number>;
}

export function createRateLimiter(opts: {
  redis: Redis;
  prefix: string;
  limit: number;
  windowMs: number;
}): RateLimiter {
  return {
    async acquire(webhookKey) {
      // The key is a credential: hash it rather than store it in a Redis key name.
      const id = createHash('sha1').update(webhookKey).digest('hex').slice(0, 16);
      const member = `${Date.now()}-${randomBytes(4).toString('hex')}`;
      const wait = await opts.redis.eval(
        ACQUIRE,
        1,
        `${opts.prefix}wecom:rate:${id}`,
        opts.limit,
        opts.windowMs,
        member,
      );
      return Number(wait);
    },
  };
}
