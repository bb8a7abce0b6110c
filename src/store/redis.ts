import { Redis, type RedisOptions } from 'ioredis';
import { AppError } from '../errors.ts';

/**
 * Options for the bot's own Redis connection. Commands fail at once while Redis is down (no offline
 * queue), so callers can fall back (dedupe to MongoDB, sessions to a clear reply) instead of hanging.
 */
export function appRedisOptions(): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    // Commands issued in the same tick (many messages at once) go out in one write: on a busy bot
    // each write to the socket costs more than the command itself.
    enableAutoPipelining: true,
  };
}

/** Options for BullMQ connections: it blocks on commands and needs maxRetriesPerRequest null. */
export function queueRedisOptions(): RedisOptions {
  return { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) };
}

export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, appRedisOptions());
  // The first error says why (ECONNREFUSED, auth); connect() itself only rejects with "Connection is
  // closed." And without a listener ioredis prints every reconnect failure as an unhandled error.
  let first: Error | undefined;
  redis.on('error', (err: Error) => {
    first ??= err;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const why = (first ?? (err as Error)).message;
    throw new AppError(
      'redis_unavailable',
      `Cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')} (${why}). Start it with \`redis-server --daemonize yes\`, or set REDIS_URL to a running Redis.`,
      { cause: err },
    );
  }
  return redis;
}

/** Fails with the same clear error as connectRedis when Redis is not there; checked before anything starts. */
export async function checkRedis(url: string): Promise<void> {
  const redis = await connectRedis(url);
  redis.disconnect();
}

export async function redisReachable(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000)),
    ]);
    return true;
  } catch {
    return false;
  }
}
