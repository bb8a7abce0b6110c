/**
 * The long connection's state as /readyz and metrics show it. Only one instance holds the
 * connection; the others are on standby, which is healthy, not a failure.
 */

export type AibotWsStatus = 'disconnected' | 'connecting' | 'connected' | 'standby';

export interface AibotWsError {
  /** aibot_auth_failed, connection_lost, reconnect_exhausted, replaced, lease_lost, redis_unavailable … */
  code: string;
  message: string;
  /** WeCom's errcode when it gave one (853000: wrong bot id or secret). */
  errcode?: number;
  at: Date;
}

export interface AibotWsCounters {
  /** Successful subscriptions (each connection WeCom accepted). */
  connects: number;
  /** Reconnect attempts the SDK made after losing the connection or failing to subscribe. */
  reconnects: number;
  framesReceived: number;
  leaseTaken: number;
  leaseLost: number;
  /** Times WeCom closed this connection because another one subscribed with the same bot id. */
  replaced: number;
}

export interface AibotWsSnapshot {
  status: AibotWsStatus;
  since: Date;
  /** This instance holds the lease (it is the one that connects). */
  holder: boolean;
  lastError?: AibotWsError;
  counters: AibotWsCounters;
}

export class ConnectionState {
  private status: AibotWsStatus = 'disconnected';
  private since = new Date();
  private holder = false;
  private lastError?: AibotWsError;
  private readonly counters: AibotWsCounters = {
    connects: 0,
    reconnects: 0,
    framesReceived: 0,
    leaseTaken: 0,
    leaseLost: 0,
    replaced: 0,
  };
  private readonly listeners = new Set<(s: AibotWsSnapshot) => void>();

  set(status: AibotWsStatus, error?: Omit<AibotWsError, 'at'>): void {
    const changed = status !== this.status;
    if (changed) {
      this.status = status;
      this.since = new Date();
    }
    if (error) this.lastError = { ...error, at: new Date() };
    if (changed || error) this.emit();
  }

  /** Records an error without changing the status. */
  fail(error: Omit<AibotWsError, 'at'>): void {
    this.lastError = { ...error, at: new Date() };
    this.emit();
  }

  setHolder(holder: boolean): void {
    if (holder === this.holder) return;
    this.holder = holder;
    this.emit();
  }

  count(name: keyof AibotWsCounters): void {
    this.counters[name]++;
  }

  get current(): AibotWsStatus {
    return this.status;
  }

  snapshot(): AibotWsSnapshot {
    return {
      status: this.status,
      since: this.since,
      holder: this.holder,
      lastError: this.lastError,
      counters: { ...this.counters },
    };
  }

  onChange(fn: (s: AibotWsSnapshot) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    const s = this.snapshot();
    for (const fn of this.listeners) fn(s);
  }
}

/** For /readyz: connected, or on standby while another instance holds the connection. */
export function aibotWsReady(s: AibotWsSnapshot): boolean {
  return s.status === 'connected' || s.status === 'standby';
}

/** The /readyz section: state, since when, whether this instance holds it, the last error. */
export function readyView(s: AibotWsSnapshot): Record<string, unknown> {
  return {
    status: s.status,
    since: s.since.toISOString(),
    holder: s.holder,
    ...(s.lastError
      ? {
          lastError: {
            code: s.lastError.code,
            message: s.lastError.message,
            ...(s.lastError.errcode !== undefined ? { errcode: s.lastError.errcode } : {}),
            at: s.lastError.at.toISOString(),
          },
        }
      : {}),
  };
}
