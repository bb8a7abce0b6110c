/**
 * What each sandbox session said and was answered directly (the callback replies), so a reload
 * shows the conversation again. The bot's webhook posts need no copy: the fake WeCom API keeps them.
 *
 * Kept in the memory of the sandbox process, not in Redis: the posts it is shown beside live in the
 * same process's fake WeCom API, so a restart empties both together, and a tool for trying the bot
 * out writes nothing to a store a real bot may share.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

export interface HistoryEntry {
  /** `group:<name>` or `dm:<userid>`, as the page names conversations. */
  chat: string;
  kind: 'user' | 'photo' | 'reply' | 'error';
  at: number;
  name?: string;
  text?: string;
  /** Sent as a voice message (long connection: WeCom delivers it transcribed). */
  voice?: boolean;
  /** The callback reply as the page renders it. */
  msg?: unknown;
  /** Where a sent photo can be loaded again. */
  src?: string;
}

const COOKIE = 'xmdd_sandbox';
const MAX_SESSIONS = 50;
const MAX_ENTRIES = 1000;

export function createHistory() {
  const sessions = new Map<string, HistoryEntry[]>();
  return {
    /** This browser's session id (a cookie the sandbox sets on first use). */
    session(ctx: Context): string {
      const got = ctx.cookies.get(COOKIE);
      if (got && /^[a-f0-9]{24}$/.test(got)) return got;
      const id = randomBytes(12).toString('hex');
      ctx.cookies.set(COOKIE, id, { path: '/sandbox', httpOnly: true, sameSite: 'lax', overwrite: true });
      return id;
    },
    add(session: string, entry: HistoryEntry): void {
      let list = sessions.get(session);
      if (!list) {
        if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
        list = [];
        sessions.set(session, list);
      }
      list.push(entry);
      if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
    },
    entries(session: string): HistoryEntry[] {
      return sessions.get(session) ?? [];
    },
  };
}
