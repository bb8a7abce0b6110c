/**
 * What the bot says over the long connection: replies to a frame (markdown as one finished stream,
 * choice cards with a text fallback, card updates, media) and messages to a chat without a frame
 * (scheduled posts), plus uploads. Every message to a chat goes through the per-chat limiter, in
 * order; a frequency refusal from WeCom waits and tries again without letting later pieces pass.
 */
import { createHash } from 'node:crypto';
import type { TemplateCard, WeComMediaType, WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import type { ChatType, InboundMessage } from '../../domain/messages.ts';
import type { Logger } from '../../logger.ts';
import { splitContent } from '../../outbound/split.ts';
import { type ChoiceCard, cardFits, choiceFallbackText, choiceTemplateCard } from './cards.ts';
import { type ChatLimiter, sleep, type TakeSlot } from './chat-limiter.ts';
import { AIBOT_ERRCODE, AibotSendError, toAibotError } from './errors.ts';
import { conversationOf } from './inbound.ts';
import { MEDIA_LIMITS, mediaOverLimit } from './media.ts';

/** Where a reply goes: the frame's req_id and the chat it came from. */
export interface ReplyTarget {
  reqId: string;
  /** Group chat id, or the person's userid in a single chat. */
  conversation: string;
  chatType: ChatType;
}

export function replyTarget(msg: InboundMessage): ReplyTarget {
  if (!msg.reqId)
    throw new AibotSendError('wecom_api_error', `message ${msg.msgId} has no req_id to reply to`);
  return { reqId: msg.reqId, conversation: conversationOf(msg), chatType: msg.chatType };
}

/** The same req_id always gives the same stream id, so a repeated reply cannot open a second stream. */
export function streamIdFor(reqId: string): string {
  return `xs${createHash('sha1').update(reqId).digest('hex').slice(0, 30)}`;
}

export interface AibotSenderOptions {
  connection: { client(): WSClient | undefined };
  limiter: ChatLimiter;
  log: Logger;
  /** Stream content and markdown limit in UTF-8 bytes (research §2b: 20480). */
  contentMaxBytes?: number;
  mediaLimits?: Readonly<Record<WeComMediaType, number>>;
  /** Tries after a frequency refusal (45009) before giving up, and the first pause. */
  frequencyRetries?: number;
  frequencyPauseMs?: number;
}

type SdkCall = (sdk: WSClient) => Promise<WsFrame>;

export class AibotSender {
  private readonly contentMaxBytes: number;
  private readonly mediaLimits: Readonly<Record<WeComMediaType, number>>;
  private readonly frequencyRetries: number;
  private readonly frequencyPauseMs: number;
  /** Chat types where WeCom refused a card; later choices there go as text at once. */
  private readonly cardsRefused = new Set<ChatType>();

  constructor(private readonly o: AibotSenderOptions) {
    this.contentMaxBytes = o.contentMaxBytes ?? 20_480;
    this.mediaLimits = o.mediaLimits ?? MEDIA_LIMITS;
    this.frequencyRetries = o.frequencyRetries ?? 4;
    this.frequencyPauseMs = o.frequencyPauseMs ?? 3000;
  }

  /**
   * Answers a message with markdown as one finished stream; content beyond one message follows as
   * markdown messages to the same chat, in order.
   */
  async replyMarkdown(to: ReplyTarget, content: string): Promise<void> {
    const pieces = splitContent(content, this.contentMaxBytes);
    if (!pieces.length) return;
    const frame = { headers: { req_id: to.reqId } };
    const streamId = streamIdFor(to.reqId);
    await this.o.limiter.serial(to.conversation, async (slot) => {
      for (const [i, piece] of pieces.entries()) {
        await this.limitedCall(slot, 'reply', (sdk) =>
          i === 0
            ? sdk.replyStream(frame, streamId, piece, true)
            : sdk.sendMessage(to.conversation, { msgtype: 'markdown', markdown: { content: piece } }),
        );
      }
    });
  }

  /**
   * Asks a question with buttons; where cards are refused, the same question as text (`fallback`,
   * or the card's own wording).
   */
  async replyChoice(to: ReplyTarget, card: ChoiceCard, fallback?: string): Promise<'card' | 'text'> {
    const frame = { headers: { req_id: to.reqId } };
    if (cardFits(card) && !this.cardsRefused.has(to.chatType)) {
      const sent = await this.o.limiter.serial(to.conversation, (slot) =>
        this.cardOrRefusal(slot, to.chatType, 'reply card', (sdk) =>
          sdk.replyTemplateCard(frame, choiceTemplateCard(card)),
        ),
      );
      if (sent) return 'card';
    }
    await this.replyMarkdown(to, fallback ?? choiceFallbackText(card));
    return 'text';
  }

  /** Greets someone who opened the single chat; must come within 5 s of the enter_chat frame. */
  async replyWelcome(event: ReplyTarget, content: string): Promise<void> {
    await this.call('welcome', (sdk) =>
      sdk.replyWelcome({ headers: { req_id: event.reqId } }, { msgtype: 'text', text: { content } }),
    );
  }

  /** Replaces a card after a press; must come within 5 s of the template_card_event frame. */
  async updateCard(event: ReplyTarget, card: TemplateCard, userIds?: string[]): Promise<void> {
    await this.call('update card', (sdk) =>
      sdk.updateTemplateCard({ headers: { req_id: event.reqId } }, card, userIds),
    );
  }

  /** Markdown to a chat without an incoming message (scheduled posts); long content in order. */
  async sendMarkdown(chatId: string, content: string): Promise<void> {
    const pieces = splitContent(content, this.contentMaxBytes);
    if (!pieces.length) return;
    await this.o.limiter.serial(chatId, async (slot) => {
      for (const piece of pieces) {
        await this.limitedCall(slot, 'send markdown', (sdk) =>
          sdk.sendMessage(chatId, { msgtype: 'markdown', markdown: { content: piece } }),
        );
      }
    });
  }

  async sendChoice(
    chatId: string,
    chatType: ChatType,
    card: ChoiceCard,
    fallback?: string,
  ): Promise<'card' | 'text'> {
    if (cardFits(card) && !this.cardsRefused.has(chatType)) {
      const sent = await this.o.limiter.serial(chatId, (slot) =>
        this.cardOrRefusal(slot, chatType, 'send card', (sdk) =>
          sdk.sendMessage(chatId, { msgtype: 'template_card', template_card: choiceTemplateCard(card) }),
        ),
      );
      if (sent) return 'card';
    }
    await this.sendMarkdown(chatId, fallback ?? choiceFallbackText(card));
    return 'text';
  }

  async replyMedia(to: ReplyTarget, type: WeComMediaType, mediaId: string): Promise<void> {
    await this.o.limiter.serial(to.conversation, (slot) =>
      this.limitedCall(slot, 'reply media', (sdk) =>
        sdk.replyMedia({ headers: { req_id: to.reqId } }, type, mediaId),
      ),
    );
  }

  async sendMedia(chatId: string, type: WeComMediaType, mediaId: string): Promise<void> {
    await this.o.limiter.serial(chatId, (slot) =>
      this.limitedCall(slot, 'send media', (sdk) => sdk.sendMediaMessage(chatId, type, mediaId)),
    );
  }

  /** Uploads a temporary medium (valid 3 days) in chunks; returns its media_id. */
  async uploadMedia(data: Buffer, opts: { type: WeComMediaType; filename: string }): Promise<string> {
    const limit = mediaOverLimit(opts.type, data.length, this.mediaLimits);
    if (limit !== undefined) {
      throw new AibotSendError(
        'media_too_large',
        `${opts.type} ${opts.filename} is ${data.length} bytes; WeCom takes at most ${limit}`,
      );
    }
    let result: Awaited<ReturnType<WSClient['uploadMedia']>>;
    try {
      result = await this.sdk('upload').uploadMedia(data, opts);
    } catch (err) {
      throw toAibotError(err, `upload ${opts.filename}`);
    }
    return result.media_id;
  }

  /** Uploads a PNG (a 通报 chart) and posts it to a chat. */
  async sendImage(chatId: string, png: Buffer, filename = 'chart.png'): Promise<string> {
    const mediaId = await this.uploadMedia(png, { type: 'image', filename });
    await this.sendMedia(chatId, 'image', mediaId);
    return mediaId;
  }

  /** Uploads a file (a 台账 workbook) and posts it to a chat. */
  async sendFile(chatId: string, data: Buffer, filename: string): Promise<string> {
    const mediaId = await this.uploadMedia(data, { type: 'file', filename });
    await this.sendMedia(chatId, 'file', mediaId);
    return mediaId;
  }

  private sdk(what: string): WSClient {
    const sdk = this.o.connection.client();
    if (!sdk) throw new AibotSendError('aibot_not_connected', `${what}: the long connection is not open`);
    return sdk;
  }

  private async call(what: string, fn: SdkCall): Promise<WsFrame> {
    try {
      return await fn(this.sdk(what));
    } catch (err) {
      throw toAibotError(err, what);
    }
  }

  /** One message: a slot of the chat's budget, then the send, again later after a frequency refusal. */
  private async limitedCall(slot: TakeSlot, what: string, fn: SdkCall): Promise<WsFrame> {
    for (let attempt = 0; ; attempt++) {
      const sent = await slot();
      try {
        return await this.call(what, fn);
      } catch (err) {
        const e = err as AibotSendError;
        if (e.errcode !== AIBOT_ERRCODE.frequency || attempt >= this.frequencyRetries) throw e;
      } finally {
        sent();
      }
      const pause = this.frequencyPauseMs * 2 ** attempt;
      this.o.log.warn(
        { what, attempt, pauseMs: pause },
        'WeCom refused a send as too frequent; trying again',
      );
      await sleep(pause);
    }
  }

  /** true when the card went out; false when WeCom refused the card (the caller sends text). */
  private async cardOrRefusal(
    slot: TakeSlot,
    chatType: ChatType,
    what: string,
    fn: SdkCall,
  ): Promise<boolean> {
    try {
      await this.limitedCall(slot, what, fn);
      return true;
    } catch (err) {
      const e = err as AibotSendError;
      const cardProblem =
        e.code === 'wecom_api_error' &&
        e.errcode !== undefined &&
        e.errcode !== AIBOT_ERRCODE.frequency &&
        e.errcode !== AIBOT_ERRCODE.invalidReqId &&
        e.errcode !== AIBOT_ERRCODE.streamExpired;
      if (!cardProblem) throw e;
      this.o.log.warn(
        { errcode: e.errcode, chatType },
        'WeCom refused a template card; sending the choice as text',
      );
      this.cardsRefused.add(chatType);
      return false;
    }
  }
}
