/**
 * A short dialog's state ("请补充本月完成投资金额"), kept in Redis with a TTL so it survives a restart
 * and is shared by every bot instance. Keyed by person and chat: the same person may be asked in a
 * group and in a direct chat at once.
 */
import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';

export interface DialogState {
  /** The intent the dialog completes, e.g. 'report'. */
  intent: string;
  /** What is still missing, in the order it will be asked. */
  missing: string[];
  /** The partial command collected so far (JSON-serialisable). */
  data: Record<string, unknown>;
  startedAt: string;
}

export class DialogStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 60,
  ) {}

  private key(userId: string, chatId: string | undefined): string {
    return `${this.prefix}dialog:${chatId ?? 'direct'}:${userId}`;
  }

  async get(userId: string, chatId?: string): Promise<DialogState | null> {
    const raw = await this.call(() => this.redis.get(this.key(userId, chatId)));
    return raw ? (JSON.parse(raw) as DialogState) : null;
  }

  async set(userId: string, chatId: string | undefined, state: DialogState): Promise<void> {
    await this.call(() =>
      this.redis.set(this.key(userId, chatId), JSON.stringify(state), 'EX', this.ttlSeconds),
    );
  }

  async clear(userId: string, chatId?: string): Promise<void> {
    await this.call(() => this.redis.del(this.key(userId, chatId)));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new AppError('redis_unavailable', 'dialog store unavailable', { cause: err });
    }
  }
}
