/**
 * Per-person message budget per minute, shared by every bot instance through Redis. When Redis is
 * down the check lets messages through: flood control must never lose a report.
 */
import type { Redis } from 'ioredis';

export class FloodControl {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly perMinute: number,
  ) {}

  /** Returns 'ok', 'warn' (first message over the limit: tell them once) or 'drop' (already told). */
  async check(userId: string, now: Date): Promise<'ok' | 'warn' | 'drop'> {
    const minute = Math.floor(now.getTime() / 60_000);
    const key = `${this.prefix}flood:${userId}:${minute}`;
    try {
      const n = await this.redis.incr(key);
      if (n === 1) await this.redis.expire(key, 120);
      if (n <= this.perMinute) return 'ok';
      return n === this.perMinute + 1 ? 'warn' : 'drop';
    } catch {
      return 'ok';
    }
  }
}
