/**
 * A per-chat send budget for the long connection (WeCom is said to allow about 30 messages a
 * minute per chat; the default stays below that). Work for one chat runs strictly one task after
 * another in the order it was queued, so the pieces of a long answer never overtake each other;
 * each message waits for a free slot in a sliding window. A slot counts from the moment the send
 * was acknowledged, so a message that left late cannot squeeze the next window at WeCom's end.
 * Only the lease holder sends, so the budget lives in this process.
 */

export interface ChatLimiterOptions {
  perWindow: number;
  windowMs: number;
}

/**
 * Waits until the chat may send one more message and counts it; the returned function marks the
 * send finished (the slot then counts from that moment).
 */
export type TakeSlot = () => Promise<() => void>;

interface ChatQueue {
  tail: Promise<unknown>;
  stamps: Array<{ t: number }>;
  pending: number;
}

export class ChatLimiter {
  private readonly chats = new Map<string, ChatQueue>();

  constructor(private readonly opts: ChatLimiterOptions) {}

  /**
   * Runs `task` after every task queued before it for this chat has finished (whether it succeeded
   * or not). The task calls `slot()` before each message it sends.
   */
  serial<T>(chatId: string, task: (slot: TakeSlot) => Promise<T>): Promise<T> {
    const q = this.chats.get(chatId) ?? { tail: Promise.resolve(), stamps: [], pending: 0 };
    this.chats.set(chatId, q);
    q.pending++;
    const run = q.tail.then(() => task(() => this.take(q)));
    q.tail = run
      .catch(() => {})
      .finally(() => {
        q.pending--;
        this.forgetIfIdle(chatId, q);
      });
    return run;
  }

  /** Messages counted for the chat in the current window (for tests and metrics). */
  inWindow(chatId: string): number {
    const q = this.chats.get(chatId);
    if (!q) return 0;
    const now = Date.now();
    return q.stamps.filter((s) => s.t > now - this.opts.windowMs).length;
  }

  private async take(q: ChatQueue): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      while (q.stamps.length && q.stamps[0]!.t <= now - this.opts.windowMs) q.stamps.shift();
      if (q.stamps.length < this.opts.perWindow) {
        const stamp = { t: now };
        q.stamps.push(stamp);
        return () => {
          stamp.t = Math.max(stamp.t, Date.now());
        };
      }
      await sleep(q.stamps[0]!.t + this.opts.windowMs - now + 1);
    }
  }

  private forgetIfIdle(chatId: string, q: ChatQueue): void {
    if (q.pending > 0 || this.chats.get(chatId) !== q) return;
    const last = q.stamps.at(-1)?.t;
    if (last === undefined || last <= Date.now() - this.opts.windowMs) {
      this.chats.delete(chatId);
      return;
    }
    // Keep the window until it has run out, then drop the idle chat.
    setTimeout(() => this.forgetIfIdle(chatId, q), last + this.opts.windowMs - Date.now() + 1).unref();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
