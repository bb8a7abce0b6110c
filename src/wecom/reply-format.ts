/**
 * Synchronous (passive) replies in the callback response, encrypted as WeCom specifies:
 * robot XML or JSON (research §2a) and the 智能机器人 `stream` reply (§2b).
 */
import { createHash } from 'node:crypto';
import type { TextReply } from '../domain/messages.ts';
import { markdownWithMentions } from '../format/mentions.ts';
import { encryptMessage, signature } from './crypto.ts';

export type { TextReply } from '../domain/messages.ts';
export { markdownWithMentions };

/** CDATA cannot contain "]]>": split it across two sections. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function robotReplyPlaintext(reply: TextReply, format: 'xml' | 'json'): string {
  const mentions = reply.mentions ?? [];
  if (format === 'json') {
    return JSON.stringify(
      reply.type === 'text'
        ? {
            msgtype: 'text',
            text: { content: reply.content, ...(mentions.length ? { mentioned_list: mentions } : {}) },
          }
        : { msgtype: 'markdown', markdown: { content: markdownWithMentions(reply.content, mentions) } },
    );
  }
  if (reply.type === 'text') {
    const list = mentions.length
      ? `<MentionedList>${mentions.map((m) => `<Item>${cdata(m)}</Item>`).join('')}</MentionedList>`
      : '';
    return `<xml><MsgType>text</MsgType><Text><Content>${cdata(reply.content)}</Content>${list}</Text></xml>`;
  }
  return `<xml><MsgType>markdown</MsgType><Markdown><Content>${cdata(
    markdownWithMentions(reply.content, mentions),
  )}</Content></Markdown></xml>`;
}

/** A finished stream; images go in its msg_item (only allowed on the finishing frame). */
export function aibotReplyPlaintext(reply: TextReply, streamId: string, images: Buffer[] = []): string {
  const msgItem = images.map((png) => ({
    msgtype: 'image',
    image: { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') },
  }));
  return JSON.stringify({
    msgtype: 'stream',
    stream: {
      id: streamId,
      finish: true,
      content: reply.content,
      ...(msgItem.length ? { msg_item: msgItem } : {}),
    },
  });
}

export interface SealedReply {
  body: string;
  contentType: string;
}

/** Encrypts and signs a reply plaintext into the response envelope. */
export function sealReply(
  plain: string,
  creds: { token: string; aesKey: string; receiveId: string },
  opts: { timestamp: string; nonce: string; format: 'xml' | 'json' },
): SealedReply {
  const enc = encryptMessage(creds.aesKey, plain, creds.receiveId);
  const sig = signature(creds.token, opts.timestamp, opts.nonce, enc);
  if (opts.format === 'json') {
    return {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ encrypt: enc, msgsignature: sig, timestamp: opts.timestamp, nonce: opts.nonce }),
    };
  }
  return {
    contentType: 'text/xml; charset=utf-8',
    body: `<xml><Encrypt>${cdata(enc)}</Encrypt><MsgSignature>${cdata(sig)}</MsgSignature><TimeStamp>${
      opts.timestamp
    }</TimeStamp><Nonce>${cdata(opts.nonce)}</Nonce></xml>`,
  };
}
