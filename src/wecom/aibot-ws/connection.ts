/**
 * The 智能机器人 long connection on WeCom's own SDK (WSClient), held by exactly one bot instance.
 *
 * An instance takes the Redis lease, then connects; the others stay on standby and try the lease
 * every `standbyPollMs`, so when the holder dies its lease runs out and another connects within
 * leaseMs + standbyPollMs. The SDK reconnects with exponential back-off after a network loss
 * (reconnectBaseMs doubling, at most 30 s apart). WeCom keeps one connection per bot and sends the
 * older one a disconnected_event when another subscribes; the SDK then stops without reconnecting,
 * and so does this holder unless Redis confirms it still holds the lease (then a program outside
 * this deployment took the connection, and it tries again only after a long pause).
 */
import { WSClient, type WSClientOptions, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Redis } from 'ioredis';
import type { InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../logger.ts';
import { frameToInbound } from './inbound.ts';
import { ConnectionLease } from './lease.ts';
import { sdkLogger } from './sdk-logger.ts';
import { ConnectionState } from './state.ts';

export interface AibotConnectionOptions {
  botId: string;
  secret: string;
  wsUrl: string;
  redis: Redis;
  /** REDIS_KEY_PREFIX; the lease is `${keyPrefix}aibot:lease:${botId}`. */
  keyPrefix: string;
  log: Logger;
  /** Lease lifetime; renewed every third of it. */
  leaseMs?: number;
  /** How often an instance on standby tries to take the lease. */
  standbyPollMs?: number;
  heartbeatMs?: number;
  /** First reconnect delay; the SDK doubles it per attempt up to 30 s. */
  reconnectBaseMs?: number;
  /** Reconnect attempts before the holder hands the lease on (-1: never give up). */
  maxReconnectAttempts?: number;
  /** Refused subscriptions (wrong bot id or secret) before the holder stops trying. */
  maxAuthFailures?: number;
  /** Pause after the subscriptions were refused for good. */
  authRetryMs?: number;
  /** Pause before reconnecting when a program outside this deployment took the connection. */
  replacedRetryMs?: number;
  wsOptions?: WSClientOptions['wsOptions'];
}

/** A message or event frame, as received (the pipeline stores it) and as the bot reads it. */
export interface AibotFrame {
  frame: WsFrame;
  message: InboundMessage;
}

export type AibotFrameHandler = (f: AibotFrame) => void | Promise<void>;

const MAX_REPLACED_WAIT_MS = 10 * 60_000;
const AUTH_FAILED = /Authentication failed: (.*) \(code: (-?\d+)\)/;

export class AibotConnection {
  readonly state = new ConnectionState();
  private readonly o: Required<Omit<AibotConnectionOptions, 'wsOptions'>> & {
    wsOptions?: WSClientOptions['wsOptions'];
  };
  private readonly lease: ConnectionLease;
  private readonly log: Logger;
  private readonly handlers = new Set<AibotFrameHandler>();
  private sdk?: WSClient;
  private running = false;
  private holder = false;
  private pollTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private replacedStreak = 0;
  private lastReplacedAt = 0;

  constructor(opts: AibotConnectionOptions) {
    this.o = {
      leaseMs: 15_000,
      standbyPollMs: 5_000,
      heartbeatMs: 30_000,
      reconnectBaseMs: 1_000,
      maxReconnectAttempts: 10,
      maxAuthFailures: 3,
      authRetryMs: 10 * 60_000,
      replacedRetryMs: 60_000,
      ...opts,
    };
    this.log = opts.log.child({ component: 'aibot-ws' });
    this.lease = new ConnectionLease(
      opts.redis,
      `${opts.keyPrefix}aibot:lease:${opts.botId}`,
      this.o.leaseMs,
    );
  }

  /** Registers a receiver of message and event frames; returns its removal. */
  onFrame(handler: AibotFrameHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedulePoll(0);
  }

  /** Disconnects and releases the lease, so another instance takes over at its next poll. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    this.stopRenewing();
    this.dropSdk();
    this.setHolder(false);
    await this.lease.release();
    this.state.set('disconnected');
  }

  /** The SDK client while subscribed; undefined otherwise. */
  client(): WSClient | undefined {
    return this.state.current === 'connected' ? this.sdk : undefined;
  }

  get isHolder(): boolean {
    return this.holder;
  }

  private schedulePoll(ms: number): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    if (!this.running || this.holder) return;
    const outcome = await this.lease.acquire();
    if (!this.running) {
      if (outcome === 'held') await this.lease.release();
      return;
    }
    if (outcome === 'held') {
      this.becomeHolder();
      return;
    }
    if (outcome === 'taken') {
      if (this.state.current !== 'standby') this.log.info('standby: another instance holds the connection');
      this.state.set('standby');
    } else {
      this.state.fail({
        code: 'redis_unavailable',
        message: 'cannot reach Redis to take the connection lease',
      });
    }
    this.schedulePoll(this.o.standbyPollMs);
  }

  private becomeHolder(): void {
    this.setHolder(true);
    this.state.count('leaseTaken');
    this.log.info('took the connection lease; connecting');
    this.scheduleRenew();
    this.connect();
  }

  private setHolder(holder: boolean): void {
    this.holder = holder;
    this.state.setHolder(holder);
  }

  private scheduleRenew(): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.renew(), Math.floor(this.o.leaseMs / 3));
  }

  private stopRenewing(): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
  }

  private async renew(): Promise<void> {
    if (!this.running || !this.holder) return;
    const outcome = await this.lease.renew();
    if (!this.running || !this.holder) return;
    if (outcome === 'taken') {
      this.loseLease('lease_lost', 'another instance holds the connection lease');
      return;
    }
    if (outcome === 'unreachable') {
      // No one can take the lease while Redis is unreachable for all; if it is reachable for
      // another instance that connects, WeCom closes this connection with a disconnected_event,
      // and this instance does not reconnect without confirming the lease. So keep serving.
      this.state.fail({ code: 'redis_unavailable', message: 'cannot reach Redis to renew the lease' });
    }
    this.scheduleRenew();
  }

  private loseLease(code: string, message: string): void {
    this.log.warn({ code }, `${message}; disconnecting and standing by`);
    this.state.count('leaseLost');
    this.stopRenewing();
    clearTimeout(this.reconnectTimer);
    this.lease.forget();
    this.setHolder(false);
    this.dropSdk();
    this.state.set('standby', { code, message });
    this.schedulePoll(this.o.standbyPollMs);
  }

  private connect(): void {
    this.dropSdk();
    const sdk = new WSClient({
      botId: this.o.botId,
      secret: this.o.secret,
      wsUrl: this.o.wsUrl,
      heartbeatInterval: this.o.heartbeatMs,
      reconnectInterval: this.o.reconnectBaseMs,
      maxReconnectAttempts: this.o.maxReconnectAttempts,
      maxAuthFailureAttempts: this.o.maxAuthFailures,
      wsOptions: this.o.wsOptions,
      logger: sdkLogger(this.log),
    });
    this.sdk = sdk;
    const mine = () => this.sdk === sdk;
    let replaced = false;
    let authFailed: { errcode: number; message: string } | undefined;

    sdk.on('authenticated', () => {
      if (!mine()) return;
      authFailed = undefined;
      this.state.count('connects');
      this.state.set('connected');
      this.log.info('connected to WeCom');
    });
    sdk.on('reconnecting', (attempt) => {
      if (!mine()) return;
      this.state.count('reconnects');
      this.state.set('connecting');
      this.log.debug({ attempt }, 'reconnecting');
    });
    sdk.on('disconnected', (reason) => {
      if (!mine()) return;
      if (replaced || /new connection established/i.test(reason)) {
        // The SDK has stopped this client itself (and would only log that it is not connected).
        this.sdk = undefined;
        sdk.removeAllListeners();
        void this.onReplaced();
        return;
      }
      if (authFailed) {
        // The refusal is the reason; the close that follows it says nothing more.
        authFailed = undefined;
        return;
      }
      this.log.warn({ reason }, 'connection lost; the SDK reconnects with back-off');
      this.state.set('connecting', { code: 'connection_lost', message: reason });
    });
    sdk.on('error', (err: Error & { code?: string }) => {
      if (!mine()) return;
      const m = AUTH_FAILED.exec(err.message);
      if (m) {
        authFailed = { errcode: Number(m[2]), message: m[1]! };
        this.log.error(
          { errcode: authFailed.errcode },
          `WeCom refused the bot id or secret: ${authFailed.message}`,
        );
        this.state.set('connecting', {
          code: 'aibot_auth_failed',
          message: `WeCom refused WECOM_AIBOT_ID / WECOM_AIBOT_SECRET: ${authFailed.message}`,
          errcode: authFailed.errcode,
        });
      } else if (err.code === 'WS_AUTH_FAILURE_EXHAUSTED') {
        const last = this.state.snapshot().lastError;
        void this.giveUp(
          {
            code: 'aibot_auth_failed',
            message: `WeCom refused WECOM_AIBOT_ID / WECOM_AIBOT_SECRET ${this.o.maxAuthFailures + 1} times`,
            errcode: last?.errcode,
          },
          this.o.authRetryMs,
        );
      } else if (err.code === 'WS_RECONNECT_EXHAUSTED') {
        void this.giveUp(
          {
            code: 'reconnect_exhausted',
            message: `gave up after ${this.o.maxReconnectAttempts} reconnect attempts`,
          },
          this.o.standbyPollMs,
        );
      } else {
        this.state.fail({ code: 'connection_error', message: err.message });
      }
    });
    sdk.on('message', (frame) => {
      if (mine()) this.deliver(frame);
    });
    sdk.on('event', (frame) => {
      if (!mine()) return;
      if (frame.body?.event?.eventtype === 'disconnected_event') {
        replaced = true;
        return;
      }
      this.deliver(frame);
    });
    this.state.set('connecting');
    sdk.connect();
  }

  /** Hands the lease on and waits before competing for it again. */
  private async giveUp(
    error: { code: string; message: string; errcode?: number },
    waitMs: number,
  ): Promise<void> {
    this.log.error({ code: error.code, errcode: error.errcode, retryInMs: waitMs }, error.message);
    this.stopRenewing();
    this.dropSdk();
    this.setHolder(false);
    await this.lease.release();
    if (!this.running) return;
    this.state.set('disconnected', error);
    this.schedulePoll(waitMs);
  }

  private async onReplaced(): Promise<void> {
    this.state.count('replaced');
    this.dropSdk();
    const outcome = await this.lease.renew();
    if (!this.running || !this.holder) return;
    if (outcome !== 'held') {
      this.loseLease('replaced', 'WeCom closed this connection because another instance connected');
      return;
    }
    // The lease is ours, so the other connection is not one of this deployment's instances.
    if (Date.now() - this.lastReplacedAt > 60 * 60_000) this.replacedStreak = 0;
    this.lastReplacedAt = Date.now();
    const wait = Math.min(this.o.replacedRetryMs * 2 ** this.replacedStreak, MAX_REPLACED_WAIT_MS);
    this.replacedStreak++;
    const message = `another program connected with this bot id; reconnecting in ${Math.round(wait / 1000)} s`;
    this.log.error({ code: 'replaced' }, message);
    this.state.set('disconnected', { code: 'replaced', message });
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.running && this.holder) this.connect();
    }, wait);
  }

  private dropSdk(): void {
    const sdk = this.sdk;
    this.sdk = undefined;
    if (!sdk) return;
    sdk.removeAllListeners();
    sdk.disconnect();
  }

  private deliver(frame: WsFrame): void {
    this.state.count('framesReceived');
    const message = frameToInbound(frame, new Date());
    if (!message) {
      this.log.warn({ cmd: frame.cmd }, 'frame without a message type ignored');
      return;
    }
    if (!this.handlers.size) this.log.warn({ msgId: message.msgId }, 'no handler for an incoming frame');
    for (const handler of this.handlers) {
      Promise.resolve()
        .then(() => handler({ frame, message }))
        .catch((err) => this.log.error({ err, msgId: message.msgId }, 'aibot frame handler failed'));
    }
  }
}
