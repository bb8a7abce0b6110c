/**
 * Sends the outbound queue's long-connection pieces (src/outbound/aibot-queue.ts) with the sender:
 * the first piece of an answer goes back on its frame (a finished stream, a card, a welcome, a
 * medium), the others to the chat. A frame WeCom no longer takes a reply to (846605 invalid req_id
 * after a reconnect, 846608 stream finished or older than about 6 minutes) gets its piece in the
 * chat instead. Mentions become names (no @ over this connection); choices become a button card,
 * remembered for a day so the card can show what was chosen when a button is pressed.
 */
import type { Redis } from 'ioredis';
import type { ChatType } from '../../domain/messages.ts';
import { mentionedIds, mentionsAsNames } from '../../format/mention-names.ts';
import type { Logger } from '../../logger.ts';
import type { AibotDeliverer, AibotJob } from '../../outbound/aibot-queue.ts';
import { answeredCard, type ChoiceCard, cardForChoices } from './cards.ts';
import { AIBOT_ERRCODE, AibotSendError } from './errors.ts';
import type { AibotSender, ReplyTarget } from './sender.ts';

const CARD_TTL_S = 24 * 3600;
/**
 * A stream takes updates for about 6 minutes after the message (research §2b). WeCom answers 846608
 * both after that and once the stream is finished; younger than this, it can only mean finished: the
 * answer went out (before a crash, say) and is not sent again.
 */
const STREAM_OPEN_MS = 5 * 60_000;

/** Failures that pass when tried later: no connection, WeCom busy or silent. */
export function retryableAibotError(err: unknown): boolean {
  const e = err as { code?: unknown; errcode?: unknown };
  if (e?.code === 'aibot_not_connected') return true;
  if (e?.errcode === AIBOT_ERRCODE.frequency || e?.errcode === -1) return true;
  // No errcode: the acknowledgement never came (timeout) or the socket failed mid-send.
  return e?.code === 'wecom_api_error' && e.errcode === undefined;
}

/** WeCom will not take a reply on this frame any more; the chat still takes messages. */
const frameGone = (err: unknown) => {
  const code = (err as AibotSendError)?.errcode;
  return code === AIBOT_ERRCODE.invalidReqId || code === AIBOT_ERRCODE.streamExpired;
};

export interface CardMemory {
  remember(card: ChoiceCard): Promise<void>;
  recall(taskId: string): Promise<ChoiceCard | undefined>;
}

export function cardMemory(redis: Redis, prefix: string): CardMemory {
  const key = (taskId: string) => `${prefix}aibot:card:${taskId}`;
  return {
    async remember(card) {
      await redis.set(key(card.taskId), JSON.stringify(card), 'EX', CARD_TTL_S);
    },
    async recall(taskId) {
      const raw = await redis.get(key(taskId)).catch(() => null);
      return raw ? (JSON.parse(raw) as ChoiceCard) : undefined;
    },
  };
}

export function createAibotDeliverer(deps: {
  sender: AibotSender;
  cards: CardMemory;
  /** userid → 姓名 for the people a piece mentions. */
  names(ids: string[]): Promise<Map<string, string>>;
  log: Logger;
}): AibotDeliverer {
  const { sender, log } = deps;

  async function named(content: string, mentions: string[] | undefined): Promise<string> {
    const ids = mentionedIds(content, mentions);
    if (!ids.length) return content;
    const names = await deps.names(ids).catch(() => new Map<string, string>());
    return mentionsAsNames(content, mentions, names);
  }

  /** Tries the frame first; a frame that is gone gets the piece in the chat. */
  async function onFrameOrChat(
    job: AibotJob,
    onFrame: (to: ReplyTarget) => Promise<unknown>,
    inChat: () => Promise<unknown>,
  ) {
    if (!job.reqId) {
      await inChat();
      return;
    }
    try {
      await onFrame({ reqId: job.reqId, conversation: job.chat, chatType: job.chatType as ChatType });
    } catch (err) {
      if (!frameGone(err)) throw err;
      const young = job.frameAt !== undefined && Date.now() - job.frameAt < STREAM_OPEN_MS;
      if ((err as AibotSendError).errcode === AIBOT_ERRCODE.streamExpired && young) {
        log.info({ reqId: job.reqId }, 'frame already answered; not sent again');
        return;
      }
      log.info(
        { errcode: (err as AibotSendError).errcode },
        'frame no longer takes a reply; sent to the chat',
      );
      await inChat();
    }
  }

  return {
    retryable: retryableAibotError,
    async upload(job) {
      const p = job.piece;
      if (p.type === 'markdown') throw new AibotSendError('wecom_api_error', 'nothing to upload');
      return sender.uploadMedia(Buffer.from(p.dataB64, 'base64'), { type: p.type, filename: p.filename });
    },
    async deliver(job) {
      const p = job.piece;
      if (p.type !== 'markdown') {
        const mediaId = job.mediaId!;
        await onFrameOrChat(
          job,
          (to) => sender.replyMedia(to, p.type, mediaId),
          () => sender.sendMedia(job.chat, p.type, mediaId),
        );
        return;
      }
      const content = await named(p.content, p.mentions);
      if (job.replyAs === 'welcome' && job.reqId) {
        try {
          await sender.replyWelcome(
            { reqId: job.reqId, conversation: job.chat, chatType: 'single' },
            content,
          );
        } catch (err) {
          // A welcome is only for the moment the chat is opened (5 s); late, it is left out.
          if ((err as AibotSendError).code === 'aibot_not_connected') throw err;
          log.warn({ errcode: (err as AibotSendError).errcode }, 'welcome not accepted; left out');
        }
        return;
      }
      if (p.choices?.length) {
        const card = cardForChoices(content, p.choices);
        const how = { value: 'text' as 'card' | 'text' };
        await onFrameOrChat(
          job,
          async (to) => {
            how.value = await sender.replyChoice(to, card, content);
          },
          async () => {
            how.value = await sender.sendChoice(job.chat, job.chatType, card, content);
          },
        );
        if (how.value === 'card') await deps.cards.remember(card).catch(() => {});
        return;
      }
      await onFrameOrChat(
        job,
        (to) => sender.replyMarkdown(to, content),
        () => sender.sendMarkdown(job.chat, content),
      );
    },
  };
}

/** After a press, the card says what was chosen (within WeCom's 5 s); best effort. */
export async function markCardAnswered(
  sender: AibotSender,
  cards: CardMemory,
  event: ReplyTarget,
  taskId: string,
  key: string,
  log: Logger,
): Promise<void> {
  const card = await cards.recall(taskId);
  if (!card) return;
  try {
    await sender.updateCard(event, answeredCard(card, key));
  } catch (err) {
    log.info({ errcode: (err as AibotSendError).errcode }, 'card not updated after a press');
  }
}
