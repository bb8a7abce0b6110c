/**
 * Long-connection frames (aibot_msg_callback, aibot_event_callback) to the bot's plain
 * `InboundMessage`. Field names follow research §2b; voice arrives already transcribed, and a
 * template-card button press becomes an event whose text is the answer the button stands for.
 */
import { createHash } from 'node:crypto';
import type { WsFrame } from '@wecom/aibot-node-sdk';
import type { CardAction, InboundKind, InboundMessage } from '../../domain/messages.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const KINDS: Partial<Record<string, InboundKind>> = {
  text: 'text',
  voice: 'voice',
  image: 'image',
  mixed: 'mixed',
  file: 'file',
  event: 'event',
};

/** The chat to send to: a group's chat id, or in a single chat the person's userid. */
export function conversationOf(msg: Pick<InboundMessage, 'chatId' | 'userId'>): string {
  return msg.chatId ?? msg.userId;
}

/** Converts a message or event frame; undefined for a frame that carries neither. */
export function frameToInbound(frame: WsFrame, receivedAt: Date): InboundMessage | undefined {
  const body = obj(frame.body);
  const msgtype = str(body.msgtype);
  if (!msgtype) return undefined;
  const from = obj(body.from);
  const chatId = str(body.chatid);
  const msg: InboundMessage = {
    msgId: str(body.msgid)?.trim() || derivedId(frame),
    channel: 'aibot-ws',
    chatType: body.chattype === 'group' || (chatId && body.chattype !== 'single') ? 'group' : 'single',
    userId: str(from.userid) ?? '',
    kind: KINDS[msgtype] ?? 'other',
    imageUrls: [],
    receivedAt,
  };
  const reqId = str(frame.headers?.req_id);
  if (reqId) msg.reqId = reqId;
  if (chatId) msg.chatId = chatId;
  const responseUrl = str(body.response_url);
  if (responseUrl) msg.responseUrl = responseUrl;

  const images: Obj[] = [];
  if (msgtype === 'text') msg.text = str(obj(body.text).content);
  if (msgtype === 'voice') {
    msg.text = str(obj(body.voice).content);
    msg.fromVoice = true;
  }
  if (msgtype === 'image') images.push(obj(body.image));
  if (msgtype === 'mixed') {
    const items = arr(obj(body.mixed).msg_item).map(obj);
    const texts = items.map((i) => str(obj(i.text).content)).filter((t): t is string => Boolean(t));
    if (texts.length) msg.text = texts.join('\n');
    for (const i of items) if (i.msgtype === 'image') images.push(obj(i.image));
  }
  const keys: string[] = [];
  for (const image of images) {
    const url = str(image.url);
    if (!url) continue;
    msg.imageUrls.push(url);
    keys.push(str(image.aeskey) ?? '');
  }
  if (keys.length) msg.imageAesKeys = keys;

  if (msgtype === 'event') {
    const event = obj(body.event);
    const eventType = str(event.eventtype);
    if (eventType) msg.eventType = eventType;
    if (eventType === 'template_card_event') {
      const action = cardActionOf(event);
      if (action) {
        msg.cardAction = action;
        msg.text = action.key;
      }
    }
  }
  return msg;
}

/**
 * WeCom documents the press under event.template_card_event (d101027); the SDK's type puts
 * event_key and task_id directly under event. Both are read.
 */
function cardActionOf(event: Obj): CardAction | undefined {
  const inner = obj(event.template_card_event);
  const key = str(inner.event_key) ?? str(event.event_key);
  const taskId = str(inner.task_id) ?? str(event.task_id);
  if (!key || !taskId) return undefined;
  const action: CardAction = { taskId, key };
  const cardType = str(inner.card_type) ?? str(event.card_type);
  if (cardType) action.cardType = cardType;
  const items = arr(obj(inner.selected_items).selected_item).map(obj);
  if (items.length) {
    action.selected = {};
    for (const item of items) {
      const q = str(item.question_key);
      if (q) action.selected[q] = arr(obj(item.option_ids).option_id).map(String);
    }
  }
  return action;
}

/** Events should carry a msgid; one that does not gets a stable id from its content. */
function derivedId(frame: WsFrame): string {
  return `evt-${createHash('sha1').update(JSON.stringify(frame.body)).digest('hex').slice(0, 24)}`;
}
