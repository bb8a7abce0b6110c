/**
 * The plain event the WeCom receivers hand to the bot, and the answers the bot gives back.
 * Receivers (group robot XML/JSON, 智能机器人 JSON, sandbox) all normalise to `InboundMessage`.
 */

export type ChatType = 'single' | 'group' | 'blackboard' | 'blackboard_reply';
export type InboundKind =
  | 'text'
  | 'image'
  | 'mixed'
  | 'event'
  | 'attachment'
  | 'voice'
  | 'file'
  | 'stream'
  | 'other';

export interface InboundMessage {
  /** WeCom's MsgId: the deduplication key. Events without one get a derived, stable id. */
  msgId: string;
  /** robot = group-robot callback, aibot = 智能机器人 callback, aibot-ws = 智能机器人 long connection. */
  channel: 'robot' | 'aibot' | 'aibot-ws';
  chatId?: string;
  chatType: ChatType;
  /** The sender's WeCom userid. */
  userId: string;
  userName?: string;
  kind: InboundKind;
  /** Text as typed, with the "@BotName " prefix still in it (the parser strips it). */
  text?: string;
  imageUrls: string[];
  /** add_to_chat | delete_from_chat | enter_chat | ... */
  eventType?: string;
  /** The group robot's push URL (contains the webhook key) when WeCom sent one. */
  webhookUrl?: string;
  /** 智能机器人: single-use URL for an active reply. */
  responseUrl?: string;
  /** Long connection: the frame's req_id, which a reply to this message must carry. */
  reqId?: string;
  /** Voice message: `text` is WeCom's transcription of what was said, not typed text. */
  fromVoice?: boolean;
  /** Long connection: media URLs are encrypted, each with its own key (same order as imageUrls). */
  imageAesKeys?: string[];
  /** A button pressed on a template card; `text` then holds the answer the button stands for. */
  cardAction?: CardAction;
  receivedAt: Date;
}

export interface CardAction {
  /** The card's task_id, which the bot chose when it sent the card. */
  taskId: string;
  /** The pressed button's key. */
  key: string;
  cardType?: string;
  /** Choices submitted with the press: question key → option ids. */
  selected?: Record<string, string[]>;
}

/**
 * A question with fixed answers: channels with buttons (the 智能机器人 long connection) show them;
 * elsewhere the content already lists them and the person types the key.
 */
export interface Choice {
  /** What answering types: "1", "是". */
  key: string;
  label: string;
}

/** One message the bot says. Mentions are userids to @; they become mentioned_list or <@id>. */
export type Reply =
  | { type: 'text'; content: string; mentions?: string[]; choices?: Choice[] }
  | { type: 'markdown'; content: string; mentions?: string[]; choices?: Choice[] }
  | { type: 'image'; png: Buffer; caption?: string }
  | { type: 'file'; filename: string; data: Buffer };

export type TextReply = Extract<Reply, { type: 'text' | 'markdown' }>;

export const text = (content: string, mentions?: string[]): Reply => ({ type: 'text', content, mentions });
export const markdown = (content: string, mentions?: string[]): Reply => ({
  type: 'markdown',
  content,
  mentions,
});
