/**
 * Who may hold the long connection: a lease in Redis, taken and extended with redlock
 * (@sesamecare-oss/redlock, on the bot's own ioredis client). WeCom keeps one connection per bot
 * and closes the older one when another subscribes, so two instances connecting would take the
 * connection from each other; only the lease holder connects.
 */
import { ExecutionError, Lock, Redlock, ResourceLockedError } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';

/** held: this instance holds it · taken: another instance does · unreachable: Redis did not answer. */
export type LeaseOutcome = 'held' | 'taken' | 'unreachable';

export class ConnectionLease {
  private readonly redlock: Redlock;
  private lock?: Lock;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {
    // retryCount 0: the caller polls on its own schedule. db: redlock SELECTs inside its scripts.
    this.redlock = new Redlock([redis], { retryCount: 0, db: redis.options.db ?? 0 });
  }

  /** Tries once to take the lease. */
  acquire(): Promise<LeaseOutcome> {
    return this.serial(() => this.take());
  }

  /**
   * Extends the lease. A lease that expired while Redis could not be reached is taken again when
   * no one else took it in the meantime.
   */
  renew(): Promise<LeaseOutcome> {
    return this.serial(() => this.extend());
  }

  /** Forgets the lease without touching Redis (it is no longer ours, or cannot be confirmed). */
  forget(): void {
    this.lock = undefined;
  }

  release(): Promise<void> {
    return this.serial(async () => {
      const lock = this.lock;
      this.lock = undefined;
      if (!lock) return;
      try {
        await lock.release();
      } catch {
        // It expires on its own within ttlMs.
      }
    });
  }

  /** One operation at a time: two overlapping extends would make the second see an expired lock. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => {});
    return run;
  }

  private async take(): Promise<LeaseOutcome> {
    try {
      this.lock = await this.redlock.acquire([this.key], this.ttlMs);
      return 'held';
    } catch (err) {
      return classify(err);
    }
  }

  private async extend(): Promise<LeaseOutcome> {
    const lock = this.lock;
    if (!lock) return this.take();
    try {
      this.lock = await lock.extend(this.ttlMs);
      return 'held';
    } catch (err) {
      if ((await classify(err)) === 'unreachable') return 'unreachable';
      if (err instanceof ExecutionError && err.attempts.length === 0) {
        // Expired by this process's clock only (redlock allows for drift): Redis may still hold
        // our value, and extending it by value settles that.
        try {
          const again = new Lock(this.redlock, [this.key], lock.value, [], Date.now() + this.ttlMs);
          this.lock = await again.extend(this.ttlMs);
          return 'held';
        } catch (e) {
          if ((await classify(e)) === 'unreachable') return 'unreachable';
        }
      }
      // Not our value any more: free (take it again) or another instance's.
      this.lock = undefined;
      return this.take();
    }
  }
}

async function classify(err: unknown): Promise<LeaseOutcome> {
  if (!(err instanceof ExecutionError)) return 'unreachable';
  // No attempts at all: redlock refused locally to extend a lease that already expired.
  if (err.attempts.length === 0) return 'taken';
  const stats = await err.attempts.at(-1)!;
  for (const e of stats.votesAgainst.values()) {
    if (e instanceof ResourceLockedError) return 'taken';
  }
  return 'unreachable';
}
