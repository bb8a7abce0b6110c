/**
 * Plays WeCom's side of the callback protocol against a running bot: builds the decrypted payload a
 * group robot (XML or snake_case JSON) or 智能机器人 (JSON) would send, encrypts and signs it exactly
 * as WeCom does (receiveid ""), and opens and checks the encrypted synchronous reply.
 * No test-framework imports: the sandbox reuses it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { decryptMessage, encryptMessage, signature } from '../../src/wecom/crypto.ts';

export interface CallbackClientOptions {
  baseUrl: string;
  token: string;
  aesKey: string;
  botName?: string;
  path?: '/wecom/callback' | '/wecom/aibot';
  format?: 'xml' | 'json';
  /** Base of the WebhookUrl put in robot payloads (the bot only keeps its key). */
  webhookBase?: string;
  /** Seconds since epoch for the callback timestamp (default: now). */
  now?: () => number;
}

export interface SyncReply {
  msgtype: string;
  content: string;
  mentions: string[];
  /** 智能机器人 stream replies. */
  streamId?: string;
  finish?: boolean;
  /** Images in the finishing stream frame's msg_item (md5 checked). */
  images?: Buffer[];
  plaintext: string;
}

export interface DeliverResult {
  status: number;
  body: string;
  reply?: SyncReply;
  plaintext: string;
  msgId?: string;
  ms: number;
}

export interface SendTextInput {
  userId: string;
  userName?: string;
  chatId?: string;
  chatType?: 'single' | 'group';
  text: string;
  msgId?: string;
  webhookKey?: string;
  responseUrl?: string;
  /** false: do not add the "@BotName " prefix to group text. */
  mention?: boolean;
}

const xml = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'Item' });
const cd = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
export const randomMsgId = () => `${BigInt(`0x${randomBytes(8).toString('hex')}`) % 10n ** 19n}`;
const randomNonce = () => String(Math.floor(Math.random() * 1e10));

export function createCallbackClient(opts: CallbackClientOptions) {
  const path = opts.path ?? '/wecom/callback';
  const aibot = path === '/wecom/aibot';
  const format = aibot ? 'json' : (opts.format ?? 'xml');
  const botName = opts.botName ?? '项目调度助手';
  const webhookBase = opts.webhookBase ?? 'https://qyapi.weixin.qq.com';
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const url = (q: Record<string, string>) => {
    const params = new URLSearchParams(q);
    if (!aibot && format === 'json') params.set('robot_callback_format', 'json');
    return `${opts.baseUrl.replace(/\/+$/, '')}${path}?${params}`;
  };

  function openReply(body: string, nonce: string): SyncReply | undefined {
    if (!body.trim()) return undefined;
    let env: { encrypt?: string; sig?: string; ts?: string; nonce?: string };
    if (body.trimStart().startsWith('{')) {
      const j = JSON.parse(body);
      env = { encrypt: j.encrypt, sig: j.msgsignature, ts: String(j.timestamp), nonce: String(j.nonce) };
    } else {
      const x = xml.parse(body).xml ?? {};
      env = { encrypt: x.Encrypt, sig: x.MsgSignature, ts: String(x.TimeStamp), nonce: String(x.Nonce) };
    }
    if (!env.encrypt || !env.sig || !env.ts || !env.nonce)
      throw new Error(`reply envelope incomplete: ${body}`);
    if (signature(opts.token, env.ts, env.nonce, env.encrypt) !== env.sig)
      throw new Error('reply signature does not verify');
    if (aibot && env.nonce !== nonce) throw new Error('智能机器人 reply must reuse the callback nonce');
    const plain = decryptMessage(opts.aesKey, env.encrypt, '');
    if (plain.trimStart().startsWith('<')) {
      const x = xml.parse(plain).xml ?? {};
      const type = String(x.MsgType);
      const part = type === 'text' ? (x.Text ?? {}) : (x.Markdown ?? {});
      const items = part.MentionedList?.Item ?? [];
      const content = String(part.Content ?? '');
      return {
        msgtype: type,
        content,
        mentions: [...items.map(String), ...inline(content)],
        plaintext: plain,
      };
    }
    const j = JSON.parse(plain);
    if (j.msgtype === 'stream') {
      const content = String(j.stream?.content ?? '');
      const items: Array<{ msgtype?: string; image?: { base64?: string; md5?: string } }> =
        j.stream?.msg_item ?? [];
      if (items.length && j.stream?.finish !== true) throw new Error('msg_item is only allowed with finish');
      const images = items.map((i) => {
        const data = Buffer.from(String(i.image?.base64 ?? ''), 'base64');
        if (i.msgtype !== 'image' || createHash('md5').update(data).digest('hex') !== i.image?.md5) {
          throw new Error('stream msg_item is not an image with a matching md5');
        }
        return data;
      });
      return {
        msgtype: 'stream',
        content,
        mentions: inline(content),
        streamId: j.stream?.id,
        finish: j.stream?.finish,
        ...(images.length ? { images } : {}),
        plaintext: plain,
      };
    }
    const part = j[j.msgtype] ?? {};
    const content = String(part.content ?? '');
    return {
      msgtype: j.msgtype,
      content,
      mentions: [...(part.mentioned_list ?? []), ...inline(content)],
      plaintext: plain,
    };
  }

  async function deliver(
    plaintext: string,
    o: { timestamp?: number; nonce?: string; msgId?: string } = {},
  ): Promise<DeliverResult> {
    const timestamp = String(o.timestamp ?? now());
    const nonce = o.nonce ?? randomNonce();
    const encrypt = encryptMessage(opts.aesKey, plaintext, '');
    const msg_signature = signature(opts.token, timestamp, nonce, encrypt);
    const body =
      format === 'json' ? JSON.stringify({ encrypt }) : `<xml><Encrypt>${cd(encrypt)}</Encrypt></xml>`;
    const started = performance.now();
    const res = await fetch(url({ msg_signature, timestamp, nonce }), {
      method: 'POST',
      headers: { 'content-type': format === 'json' ? 'application/json' : 'text/xml' },
      body,
    });
    const text = await res.text();
    const ms = performance.now() - started;
    return {
      status: res.status,
      body: text,
      reply: res.status === 200 ? openReply(text, nonce) : undefined,
      plaintext,
      msgId: o.msgId,
      ms,
    };
  }

  function textPayload(i: SendTextInput, msgId: string): string {
    const chatType = i.chatType ?? (i.chatId ? 'group' : 'single');
    const content = chatType === 'group' && i.mention !== false ? `@${botName} ${i.text}` : i.text;
    const webhookUrl = i.webhookKey ? `${webhookBase}/cgi-bin/webhook/send?key=${i.webhookKey}` : undefined;
    if (aibot) {
      return JSON.stringify({
        msgid: msgId,
        aibotid: 'aib-fake',
        ...(i.chatId ? { chatid: i.chatId } : {}),
        chattype: chatType,
        from: { userid: i.userId },
        ...(i.responseUrl ? { response_url: i.responseUrl } : {}),
        msgtype: 'text',
        text: { content },
      });
    }
    if (format === 'json') {
      return JSON.stringify({
        ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
        msgid: msgId,
        ...(i.chatId ? { chatid: i.chatId } : {}),
        chattype: chatType,
        from: { userid: i.userId, name: i.userName ?? i.userId, alias: i.userId },
        msgtype: 'text',
        text: { content },
      });
    }
    return `<xml>${webhookUrl ? `<WebhookUrl>${cd(webhookUrl)}</WebhookUrl>` : ''}<MsgId>${cd(msgId)}</MsgId>${
      i.chatId ? `<ChatId>${cd(i.chatId)}</ChatId>` : ''
    }<ChatType>${chatType}</ChatType><From><UserId>${cd(i.userId)}</UserId><Name>${cd(i.userName ?? i.userId)}</Name><Alias>${cd(
      i.userId,
    )}</Alias></From><MsgType>text</MsgType><Text><Content>${cd(content)}</Content></Text></xml>`;
  }

  return {
    async verifyUrl(o: { timestamp?: number; echo?: string } = {}) {
      const expected = o.echo ?? String(BigInt(`0x${randomBytes(8).toString('hex')}`));
      const echostr = encryptMessage(opts.aesKey, expected, '');
      const timestamp = String(o.timestamp ?? now());
      const nonce = randomNonce();
      const msg_signature = signature(opts.token, timestamp, nonce, echostr);
      const started = performance.now();
      const res = await fetch(url({ msg_signature, timestamp, nonce, echostr }));
      const body = await res.text();
      return {
        status: res.status,
        body,
        expected,
        echostr,
        ok: res.status === 200 && body === expected,
        ms: performance.now() - started,
      };
    },
    textPayload,
    async sendText(i: SendTextInput, o: { timestamp?: number; nonce?: string } = {}) {
      const msgId = i.msgId ?? randomMsgId();
      return deliver(textPayload(i, msgId), { ...o, msgId });
    },
    async sendImage(i: { userId: string; imageUrl: string; msgId?: string; webhookKey?: string }) {
      const msgId = i.msgId ?? randomMsgId();
      const plain = aibot
        ? JSON.stringify({
            msgid: msgId,
            aibotid: 'aib-fake',
            chattype: 'single',
            from: { userid: i.userId },
            msgtype: 'image',
            image: { url: i.imageUrl },
          })
        : format === 'json'
          ? JSON.stringify({
              msgid: msgId,
              chattype: 'single',
              from: { userid: i.userId },
              msgtype: 'image',
              image: { image_url: i.imageUrl },
            })
          : `<xml><MsgId>${cd(msgId)}</MsgId><ChatType>single</ChatType><From><UserId>${cd(i.userId)}</UserId></From><MsgType>image</MsgType><Image><ImageUrl>${cd(i.imageUrl)}</ImageUrl></Image></xml>`;
      return deliver(plain, { msgId });
    },
    async sendEvent(i: { eventType: string; chatId: string; webhookKey?: string; userId?: string }) {
      const webhookUrl = i.webhookKey ? `${webhookBase}/cgi-bin/webhook/send?key=${i.webhookKey}` : undefined;
      const plain =
        format === 'json' || aibot
          ? JSON.stringify({
              ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
              chatid: i.chatId,
              chattype: 'group',
              from: { userid: i.userId ?? 'admin' },
              msgtype: 'event',
              create_time: now(),
              event: aibot ? { eventtype: i.eventType } : { event_type: i.eventType },
            })
          : `<xml>${webhookUrl ? `<WebhookUrl>${cd(webhookUrl)}</WebhookUrl>` : ''}<ChatId>${cd(i.chatId)}</ChatId><ChatType>group</ChatType><From><UserId>${cd(
              i.userId ?? 'admin',
            )}</UserId></From><MsgType>event</MsgType><Event><EventType>${i.eventType}</EventType></Event><CreateTime>${now()}</CreateTime></xml>`;
      return deliver(plain);
    },
    deliver,
    /** WeCom's retry: the same payload (same MsgId) delivered again. */
    retry(previous: DeliverResult, o: { timestamp?: number; nonce?: string } = {}) {
      return deliver(previous.plaintext, { ...o, msgId: previous.msgId });
    },
  };
}

function inline(content: string): string[] {
  return [...content.matchAll(/<@([^>\s]+)>/g)].map((m) => m[1]!);
}

export type CallbackClient = ReturnType<typeof createCallbackClient>;
