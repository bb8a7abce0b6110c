/**
 * Per-person message budget, shared by every bot instance through Redis. Nothing is dropped: a
 * message over the budget is given a later slot (a GCRA schedule: half of USER_RATE_PER_MIN at
 * once, then one every 60/USER_RATE_PER_MIN seconds) and handled when its slot comes, in order. Only
 * that person waits; the first delayed message of a stretch carries one polite notice. When Redis
 * is down the check lets messages through: flood control must never lose a report.
 */
import type { Redis } from 'ioredis';

const WINDOW_MS = 60_000;
/** How far ahead of the steady rate a person may be: a burst of half a minute's budget. */
const BURST_MS = WINDOW_MS / 2;

// KEYS[1] theoretical arrival time; ARGV now, step, burst tolerance. Returns the wait in ms.
const SCHEDULE = `
local now = tonumber(ARGV[1])
local step = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nextTat = tat + step
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now + window))
local wait = nextTat - now - window
if wait < 0 then wait = 0 end
return math.ceil(wait)
`;

export interface Admission {
  /** How long to hold the message before handling it (0: at once). */
  waitMs: number;
  /** true for the first delayed message of a stretch: tell the person once. */
  notify: boolean;
}

export class FloodControl {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly perMinute: number,
  ) {}

  async admit(userId: string, now: Date): Promise<Admission> {
    const key = `${this.prefix}flood:${userId}`;
    try {
      const waitMs = Number(
        await this.redis.eval(SCHEDULE, 1, key, now.getTime(), WINDOW_MS / this.perMinute, BURST_MS),
      );
      if (!(waitMs > 0)) return { waitMs: 0, notify: false };
      const first = await this.redis.set(`${key}:told`, '1', 'PX', waitMs + BURST_MS, 'NX');
      return { waitMs, notify: first === 'OK' };
    } catch {
      return { waitMs: 0, notify: false };
    }
  }
}
