/**
 * A text or markdown message too long for a few webhook messages: WeCom lets a robot send 20
 * messages a minute, and the synthetic 3,000-project county's 通报 split at 4096 bytes is 59 of them,
 * three minutes of the group's budget during which nothing else reaches the group. Such a message
 * goes as its first pieces, cut at a line end and closed by a line naming the file, then the whole
 * text as one .txt file message.
 *
 * Why .txt: it is the plainest type every phone and PC opens, WeCom's own file preview included,
 * where .md is a developer's format an office phone may not know; the summaries are lines of prose,
 * not tables (the table the office works with is the 统计台账 .xlsx export). The file starts with a
 * UTF-8 byte-order mark and uses CRLF line ends, so older Windows Notepad reads the Chinese and the
 * lines right.
 */
import type { TextReply } from '../domain/messages.ts';
import { markdownToPlainText } from '../format/plain-text.ts';
import {
  MARKDOWN_MAX_BYTES,
  replyToBodies,
  splitContent,
  TEXT_MAX_BYTES,
  type WebhookBody,
} from './split.ts';

export interface FullTextFile {
  filename: string;
  data: Buffer;
}

export interface CompactMessage {
  /** The webhook messages to send, in order: all pieces, or the first pieces of a long message. */
  bodies: WebhookBody[];
  /** The whole text, sent after the pieces when the message was too long. */
  file?: FullTextFile;
  /** How many pieces the whole message would have taken. */
  fullPieces: number;
}

const BOM = '\uFEFF';
const FILENAME_MAX_CHARS = 40;

/** The file's name: the message's first line (its title), made safe for every file system. */
export function fullTextFilename(reply: TextReply): string {
  const text = reply.type === 'markdown' ? markdownToPlainText(reply.content) : reply.content;
  const title = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  const safe = (title ?? '')
    .replace(/[\\/:*?"<>|\u0000-\u001f\s]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+|[._]+$/g, '');
  const stem = [...safe].slice(0, FILENAME_MAX_CHARS).join('') || '消息全文';
  return `${stem}.txt`;
}

export function fullTextFile(reply: TextReply): FullTextFile {
  const text = reply.type === 'markdown' ? markdownToPlainText(reply.content) : reply.content;
  return {
    filename: fullTextFilename(reply),
    data: Buffer.from(`${BOM}${text.replace(/\r?\n/g, '\r\n')}\r\n`, 'utf8'),
  };
}

/** The line that closes the first pieces of a long message. */
export function fullTextNotice(filename: string): string {
  return `……（全文较长，以上为开头部分，完整内容见随后发送的文件「${filename}」）`;
}

/**
 * The message as at most `maxMessages` webhook messages: unchanged when it fits, otherwise its
 * first `maxMessages - 1` pieces (the last one ending with the notice; mentions stay on it) and the
 * whole text as a file.
 */
export function compactLongReply(reply: TextReply, maxMessages: number): CompactMessage {
  const bodies = replyToBodies(reply);
  if (bodies.length <= maxMessages) return { bodies, fullPieces: bodies.length };
  const file = fullTextFile(reply);
  const notice = fullTextNotice(file.filename);
  const room = Math.max(1, maxMessages - 1);
  const limit = reply.type === 'markdown' ? MARKDOWN_MAX_BYTES : TEXT_MAX_BYTES;
  let lines = splitContent(reply.content, limit).slice(0, room).join('\n').split('\n');
  // The notice (and a markdown message's <@id> line) must fit too: give up lines from the end.
  for (;;) {
    while (lines.length && !lines.at(-1)!.trim()) lines = lines.slice(0, -1);
    const head = replyToBodies({ ...reply, content: [...lines, notice].join('\n') });
    if (head.length <= room || lines.length === 0) return { bodies: head, file, fullPieces: bodies.length };
    lines = lines.slice(0, -1);
  }
}
