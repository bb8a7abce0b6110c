/**
 * Who may hold the long connection: a lease in Redis, taken and extended with redlock
 * (@sesamecare-oss/redlock, on the bot's own ioredis client). WeCom keeps one connection per bot
 * and closes the older one when another subscribes, so two instances connecting would take the
 * connection from each other; only the lease holder connects.
 */
import { ExecutionError, type Lock, Redlock, ResourceLockedError } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';

/** held: this instance holds it · taken: another instance does · unreachable: Redis did not answer. */
export type LeaseOutcome = 'held' | 'taken' | 'unreachable';

export class ConnectionLease {
  private readonly redlock: Redlock;
  private lock?: Lock;

  constructor(
    redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {
    // retryCount 0: the caller polls on its own schedule. db: redlock SELECTs inside its scripts.
    this.redlock = new Redlock([redis], { retryCount: 0, db: redis.options.db ?? 0 });
  }

  get held(): boolean {
    return this.lock !== undefined;
  }

  /** Tries once to take the lease. */
  async acquire(): Promise<LeaseOutcome> {
    try {
      this.lock = await this.redlock.acquire([this.key], this.ttlMs);
      return 'held';
    } catch (err) {
      return classify(err);
    }
  }

  /**
   * Extends the lease. A lease that expired while Redis could not be reached is taken again when
   * no one else took it in the meantime.
   */
  async renew(): Promise<LeaseOutcome> {
    if (!this.lock) return this.acquire();
    try {
      this.lock = await this.lock.extend(this.ttlMs);
      return 'held';
    } catch (err) {
      const outcome = await classify(err);
      if (outcome === 'unreachable') return outcome;
      // "taken" from extend also means "expired and free": try to take it again.
      this.lock = undefined;
      return this.acquire();
    }
  }

  /** Forgets the lease without touching Redis (it is no longer ours, or cannot be confirmed). */
  forget(): void {
    this.lock = undefined;
  }

  async release(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    if (!lock) return;
    try {
      await lock.release();
    } catch {
      // It expires on its own within ttlMs.
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
