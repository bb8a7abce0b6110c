/**
 * A Redis lease lock: SET NX PX with a random token; only the holder of the token may extend or
 * release it (compare-and-… in Lua, so a lock that expired and was taken by another process is
 * never deleted by the first one).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  key: string;
  token: string;
  /** false when the lock was lost (expired and taken, or Redis flushed). */
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<boolean>;
}

export async function acquireLock(redis: Redis, key: string, ttlMs: number): Promise<HeldLock | null> {
  const token = randomBytes(12).toString('hex');
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  return {
    key,
    token,
    extend: async (ms) => (await redis.eval(EXTEND, 1, key, token, String(ms))) === 1,
    release: async () => (await redis.eval(RELEASE, 1, key, token)) === 1,
  };
}
