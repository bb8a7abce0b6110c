/**
 * Envelopes and decrypted payloads of the two callback flavours (research §2a robot XML / snake_case
 * JSON, §2b 智能机器人 JSON), normalised to the bot's `InboundMessage`.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { ChatType, InboundKind, InboundMessage } from '../domain/messages.ts';
import { AppError } from '../errors.ts';

const xml = new XMLParser({
  ignoreAttributes: true,
  // MsgIds are 19-digit numbers: keep every value a string so none loses precision.
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'MsgItem' || name === 'Item',
});

type Obj = Record<string, unknown>;

const malformed = (why: string, cause?: unknown) =>
  new AppError('payload_malformed', why, { status: 400, cause });

/** Reads `<xml><Encrypt>…</Encrypt></xml>` or `{"encrypt": …}`. */
export function parseEnvelope(body: string, format: 'xml' | 'json'): string {
  let enc: unknown;
  if (format === 'json') {
    try {
      enc = (JSON.parse(body) as Obj | null)?.encrypt;
    } catch (err) {
      throw malformed('body is not JSON', err);
    }
  } else {
    try {
      enc = (xml.parse(body) as Obj)?.xml;
      enc = enc && typeof enc === 'object' ? (enc as Obj).Encrypt : undefined;
    } catch (err) {
      throw malformed('body is not XML', err);
    }
  }
  if (typeof enc !== 'string' || !enc.trim()) throw malformed('no Encrypt in the body');
  return enc.trim();
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const CHAT_TYPES: ChatType[] = ['single', 'group', 'blackboard', 'blackboard_reply'];
const KINDS: InboundKind[] = ['text', 'image', 'mixed', 'event', 'attachment', 'voice', 'file', 'stream'];

/** Fields common to every flavour, before the id fallback and the kind mapping. */
interface Fields {
  msgId?: string;
  chatId?: string;
  chatType?: string;
  userId?: string;
  userName?: string;
  msgType?: string;
  text?: string;
  imageUrls: string[];
  eventType?: string;
  webhookUrl?: string;
  responseUrl?: string;
  streamId?: string;
}

function robotXmlFields(plain: string): Fields {
  let root: Obj;
  try {
    root = obj((xml.parse(plain) as Obj)?.xml);
  } catch (err) {
    throw malformed('decrypted payload is not XML', err);
  }
  if (!Object.keys(root).length) throw malformed('decrypted payload has no <xml> root');
  const from = obj(root.From);
  const items = arr(obj(root.MixedMessage).MsgItem).map(obj);
  return {
    msgId: str(root.MsgId),
    chatId: str(root.ChatId),
    chatType: str(root.ChatType),
    userId: str(from.UserId),
    userName: str(from.Name),
    msgType: str(root.MsgType),
    text:
      str(obj(root.Text).Content) ??
      (items.length
        ? items
            .map((i) => str(obj(i.Text).Content))
            .filter(Boolean)
            .join('\n')
        : undefined),
    imageUrls: [str(obj(root.Image).ImageUrl), ...items.map((i) => str(obj(i.Image).ImageUrl))].filter(
      (u): u is string => Boolean(u),
    ),
    eventType: str(obj(root.Event).EventType),
    webhookUrl: str(root.WebhookUrl),
  };
}

function jsonFields(plain: string): Fields {
  let root: Obj;
  try {
    root = obj(JSON.parse(plain));
  } catch (err) {
    throw malformed('decrypted payload is not JSON', err);
  }
  if (!Object.keys(root).length) throw malformed('decrypted payload is empty');
  const from = obj(root.from);
  // Robot JSON says mixed_message.msg_item[].msg_type, 智能机器人 says mixed.msg_item[].msgtype.
  const items = arr(obj(root.mixed_message ?? root.mixed).msg_item).map(obj);
  const itemText = items.map((i) => str(obj(i.text).content)).filter(Boolean);
  const event = obj(root.event);
  return {
    msgId: str(root.msgid),
    chatId: str(root.chatid),
    chatType: str(root.chattype),
    userId: str(from.userid),
    userName: str(from.name),
    msgType: str(root.msgtype),
    text: str(obj(root.text).content) ?? str(obj(root.voice).content) ?? (itemText.join('\n') || undefined),
    imageUrls: [
      str(obj(root.image).image_url),
      str(obj(root.image).url),
      ...items.map((i) => str(obj(i.image).image_url) ?? str(obj(i.image).url)),
    ].filter((u): u is string => Boolean(u)),
    eventType: str(event.event_type) ?? str(event.eventtype),
    webhookUrl: str(root.webhook_url),
    responseUrl: str(root.response_url),
    streamId: str(obj(root.stream).id),
  };
}

export interface ParsedCallback {
  message: InboundMessage;
  /** 智能机器人 stream refresh: the id of the stream being polled. */
  streamId?: string;
}

/** Normalises a decrypted payload. Events without MsgId get an id derived from their content. */
export function normalise(
  plain: string,
  source: 'robot-xml' | 'robot-json' | 'aibot',
  receivedAt: Date,
): ParsedCallback {
  const f = source === 'robot-xml' ? robotXmlFields(plain) : jsonFields(plain);
  if (!f.msgType) throw malformed('decrypted payload has no message type');
  const msgId = f.msgId?.trim() || `evt-${createHash('sha1').update(plain).digest('hex').slice(0, 24)}`;
  const chatType = CHAT_TYPES.includes(f.chatType as ChatType)
    ? (f.chatType as ChatType)
    : f.chatId
      ? 'group'
      : 'single';
  const kind = KINDS.includes(f.msgType as InboundKind) ? (f.msgType as InboundKind) : 'other';
  const message: InboundMessage = {
    msgId,
    channel: source === 'aibot' ? 'aibot' : 'robot',
    chatType,
    userId: f.userId ?? '',
    kind,
    imageUrls: f.imageUrls,
    receivedAt,
  };
  if (f.chatId) message.chatId = f.chatId;
  if (f.userName) message.userName = f.userName;
  if (f.text !== undefined) message.text = f.text;
  if (f.eventType) message.eventType = f.eventType;
  if (f.webhookUrl) message.webhookUrl = f.webhookUrl;
  if (f.responseUrl) message.responseUrl = f.responseUrl;
  return { message, streamId: kind === 'stream' ? f.streamId : undefined };
}

export { webhookKeyFrom } from '../domain/webhook.ts';
