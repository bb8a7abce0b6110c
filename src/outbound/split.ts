/**
 * Cuts message content into pieces WeCom accepts: text ≤ 2048 and markdown ≤ 4096 UTF-8 bytes
 * (research §1). Pieces break at line ends; a line that alone is too long is cut between
 * characters, never inside one.
 */
import type { Reply } from '../domain/messages.ts';
import { markdownWithMentions } from '../format/mentions.ts';

export const TEXT_MAX_BYTES = 2048;
export const MARKDOWN_MAX_BYTES = 4096;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts one overlong line on code-point boundaries. */
function hardSplit(line: string, maxBytes: number): string[] {
  const out: string[] = [];
  let cur = '';
  let curBytes = 0;
  for (const ch of line) {
    const b = bytes(ch);
    if (curBytes + b > maxBytes) {
      out.push(cur);
      cur = '';
      curBytes = 0;
    }
    cur += ch;
    curBytes += b;
  }
  if (cur) out.push(cur);
  return out;
}

/** Splits at line boundaries into chunks of at most maxBytes; whitespace-only chunks are dropped. */
export function splitContent(content: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let cur: string[] = [];
  let curBytes = 0;
  const flush = () => {
    const joined = cur.join('\n');
    if (joined.trim()) chunks.push(joined);
    cur = [];
    curBytes = 0;
  };
  for (const line of content.split('\n')) {
    const lb = bytes(line);
    if (lb > maxBytes) {
      flush();
      const parts = hardSplit(line, maxBytes);
      for (const p of parts.slice(0, -1)) chunks.push(p);
      cur = [parts.at(-1) ?? ''];
      curBytes = bytes(cur[0]!);
      continue;
    }
    const added = cur.length ? lb + 1 : lb;
    if (curBytes + added > maxBytes) {
      flush();
      cur = [line];
      curBytes = lb;
    } else {
      cur.push(line);
      curBytes += added;
    }
  }
  flush();
  return chunks;
}

export type WebhookBody =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } };

/** The webhook bodies for a text or markdown reply; mentions go with the last piece. */
export function replyToBodies(reply: Extract<Reply, { type: 'text' | 'markdown' }>): WebhookBody[] {
  const mentions = [...new Set(reply.mentions ?? [])];
  if (reply.type === 'markdown') {
    return splitContent(markdownWithMentions(reply.content, mentions), MARKDOWN_MAX_BYTES).map((content) => ({
      msgtype: 'markdown',
      markdown: { content },
    }));
  }
  const parts = splitContent(reply.content, TEXT_MAX_BYTES);
  if (!parts.length && mentions.length) parts.push('请查看');
  return parts.map((content, i) => ({
    msgtype: 'text',
    text: i === parts.length - 1 && mentions.length ? { content, mentioned_list: mentions } : { content },
  }));
}

/** True when the reply fits in one WeCom message (so it may be answered synchronously). */
export function fitsOneMessage(reply: Reply): boolean {
  if (reply.type !== 'text' && reply.type !== 'markdown') return false;
  return replyToBodies(reply).length === 1;
}
