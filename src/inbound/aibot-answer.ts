/**
 * How an answer goes back to the 智能机器人, by the ways its protocol allows (research §2b):
 *
 * - the callback's own stream: one markdown (≤ 20480 bytes) plus up to 10 images (≤ 10 MB each) in
 *   the finishing frame — no files, no real @ (mentions are written as names);
 * - response_url: one markdown of ≤ 20480 bytes, once, within an hour;
 * - the group's robot webhook, or the long connection, when the deployment has them: anything, in order;
 * - otherwise the person is told what could not be sent here and where to find it.
 *
 * Over the long connection every answer goes through the outbound queue; its textual replies are
 * joined into one stream answer when they fit.
 */
import type { InboundMessage, Reply, TextReply } from '../domain/messages.ts';
import { mentionsAsNames } from '../format/mention-names.ts';
import type { AibotTarget } from '../outbound/aibot-queue.ts';
import type { OutboundTarget } from '../outbound/outbound.ts';
import { splitContent } from '../outbound/split.ts';

export const AIBOT_STREAM_MAX_BYTES = 20_480;
export const STREAM_MAX_IMAGES = 10;
export const STREAM_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

export const NOT_HERE = {
  image:
    '（图表未能在此发送：这个会话只能收发文字。月度通报的图表会推送到订阅通报的群，也可在配有群机器人的群里发送同一命令查看。）',
  file: '（文件未能在此发送：这个会话只能收发文字。请在配有群机器人的群里发送同一命令，或请县重大办导出后转发。）',
  long: '（内容较长，这里只显示前一部分。完整内容请在配有群机器人的群里发送同一命令查看。）',
} as const;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
export const isTextual = (r: Reply): r is TextReply => r.type === 'text' || r.type === 'markdown';

/** Textual replies as one markdown: contents joined, mentions together. */
export function joinTextual(replies: TextReply[]): TextReply | undefined {
  if (!replies.length) return undefined;
  const mentions = [...new Set(replies.flatMap((r) => r.mentions ?? []))];
  return {
    type: 'markdown',
    content: replies.map((r) => r.content).join('\n\n'),
    ...(mentions.length ? { mentions } : {}),
  };
}

/** The same reply with its mentions written as names (for channels without a real @). */
export function named(reply: TextReply, names: ReadonlyMap<string, string>): TextReply {
  const { mentions, ...rest } = reply;
  return { ...rest, content: mentionsAsNames(reply.content, mentions, names) };
}

/** The 智能机器人 callback's stream answer, or undefined when part of the answer cannot go in it. */
export function streamAnswer(
  replies: Reply[],
  names: ReadonlyMap<string, string>,
): { reply: TextReply; images: Buffer[] } | undefined {
  const images: Buffer[] = [];
  const texts: TextReply[] = [];
  for (const r of replies) {
    if (isTextual(r)) texts.push(r);
    else if (r.type === 'image' && r.png.length <= STREAM_IMAGE_MAX_BYTES) {
      if (r.caption) texts.push({ type: 'text', content: r.caption });
      images.push(r.png);
    } else return undefined;
  }
  const joined = joinTextual(texts);
  if (!joined || images.length > STREAM_MAX_IMAGES) return undefined;
  const reply = named(joined, names);
  return bytes(reply.content) <= AIBOT_STREAM_MAX_BYTES ? { reply, images } : undefined;
}

/** Where else the chat of a 智能机器人 message can be reached. */
export interface OtherWays {
  /** The group's robot webhook key (not marked broken). */
  webhookKey?: string;
  /** The long connection is configured. */
  longConnection: boolean;
}

export function longConnectionTarget(msg: InboundMessage, first: boolean): AibotTarget {
  const target: AibotTarget = {
    aibotChat: msg.chatId ?? msg.userId,
    chatType: msg.chatType === 'single' ? 'single' : 'group',
  };
  // A message frame is answered on itself; of the events only enter_chat takes an answer (a welcome).
  const answerable = msg.kind !== 'event' || msg.eventType === 'enter_chat';
  if (first && msg.reqId && answerable) {
    target.reqId = msg.reqId;
    target.replyAs = msg.eventType === 'enter_chat' ? 'welcome' : 'stream';
    target.frameAt = new Date(msg.receivedAt).getTime();
  }
  return target;
}

/** The long connection's answer: textual replies joined into one stream when they fit and ask nothing. */
export function longConnectionPlan(
  msg: InboundMessage,
  replies: Reply[],
): Array<{ target: OutboundTarget; reply: Reply }> {
  const textual = replies.every(isTextual) && replies.every((r) => !r.choices?.length);
  const joined = textual ? joinTextual(replies as TextReply[]) : undefined;
  const list = joined && bytes(joined.content) <= AIBOT_STREAM_MAX_BYTES ? [joined] : replies;
  return list.map((reply, i) => ({ target: longConnectionTarget(msg, i === 0), reply }));
}

/**
 * A 智能机器人 callback answer that did not go in the stream (late, too long, a file): the text by
 * response_url when it fits there, everything else by the group's webhook or the long connection;
 * with neither, the text (shortened if need be) by response_url with a note for each part that
 * could not be sent.
 */
export function callbackLaterPlan(
  msg: InboundMessage,
  replies: Reply[],
  ways: OtherWays,
  names: ReadonlyMap<string, string>,
): Array<{ target: OutboundTarget; reply: Reply }> {
  const other: OutboundTarget | undefined = ways.webhookKey
    ? { webhookKey: ways.webhookKey }
    : ways.longConnection
      ? longConnectionTarget(msg, false)
      : undefined;
  const texts = replies.filter(isTextual);
  const media = replies.filter((r) => !isTextual(r));
  const joined = joinTextual(texts);
  const out: Array<{ target: OutboundTarget; reply: Reply }> = [];
  const viaUrl = (content: string) =>
    msg.responseUrl &&
    out.push({ target: { responseUrl: msg.responseUrl }, reply: { type: 'markdown', content } });

  const fits = joined && bytes(named(joined, names).content) <= AIBOT_STREAM_MAX_BYTES;
  if (other) {
    if (joined && fits && msg.responseUrl) viaUrl(named(joined, names).content);
    else for (const r of texts) out.push({ target: other, reply: r });
    for (const r of media) out.push({ target: other, reply: r });
    return out;
  }
  const notes: string[] = media.map((r) => NOT_HERE[r.type === 'image' ? 'image' : 'file']);
  if (joined && !fits) notes.unshift(NOT_HERE.long);
  const noteBytes = bytes(notes.join('\n')) + 2;
  const body = joined
    ? (splitContent(named(joined, names).content, AIBOT_STREAM_MAX_BYTES - noteBytes)[0] ?? '')
    : '';
  const content = [body, ...notes].filter(Boolean).join('\n\n');
  if (content) viaUrl(content);
  return out;
}
