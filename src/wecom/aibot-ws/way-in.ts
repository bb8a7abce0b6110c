/**
 * The long connection as a way in, beside the two callbacks: every message and event frame goes
 * through the inbound pipeline (stored before it is processed, deduplicated by msgid, answered
 * through the outbound queue with stable job ids), and this process sends the queue's
 * long-connection pieces while — and only while — it holds the connection.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../../config.ts';
import type { InboundPipeline } from '../../inbound/pipeline.ts';
import type { Logger } from '../../logger.ts';
import type { Outbound } from '../../outbound/outbound.ts';
import { cardMemory, createAibotDeliverer, markCardAnswered } from './delivery.ts';
import type { AibotWs } from './index.ts';
import { replyTarget } from './sender.ts';

/** What the person reads when their message could not even be stored (nothing else will answer it). */
export const NOT_STORED_TEXT = '系统暂时无法保存消息，这条消息未办理，请稍后重新发送。';

export interface LongConnectionWayIn {
  stop(): Promise<void>;
}

export function openLongConnection(deps: {
  ws: AibotWs;
  config: Config;
  redis: Redis;
  log: Logger;
  pipeline: Pick<InboundPipeline, 'handle'>;
  outbound: Pick<Outbound, 'aibot'>;
  /** userid → 姓名, for mentions written as names. */
  names(ids: string[]): Promise<Map<string, string>>;
}): LongConnectionWayIn {
  const { ws, pipeline, outbound } = deps;
  const log = deps.log.child({ component: 'aibot-ws' });
  const cards = cardMemory(deps.redis, deps.config.REDIS_KEY_PREFIX);
  const deliverer = createAibotDeliverer({ sender: ws.sender, cards, names: deps.names, log });

  // The holder sends; an instance that loses the connection stops, and the next holder goes on.
  let consuming = false;
  let switching: Promise<unknown> = Promise.resolve();
  const follow = (holder: boolean) => {
    switching = switching.then(async () => {
      if (holder === consuming) return;
      consuming = holder;
      try {
        if (holder) await outbound.aibot.consume(deliverer);
        else await outbound.aibot.pause();
      } catch (err) {
        log.error({ err, holder }, 'could not switch sending over the long connection');
      }
    });
  };
  const unwatch = ws.connection.state.onChange((s) => follow(s.holder));

  ws.connection.onFrame(async ({ frame, message }) => {
    const startedAt = performance.now();
    const action = message.cardAction;
    if (action && message.reqId) {
      void markCardAnswered(ws.sender, cards, replyTarget(message), action.taskId, action.key, log);
    }
    try {
      await pipeline.handle(message, { raw: JSON.stringify(frame.body ?? {}), format: 'json', startedAt });
    } catch (err) {
      log.error({ err, msgId: message.msgId }, 'frame could not be stored; the person is told');
      if (message.reqId && message.kind !== 'event') {
        await ws.sender
          .replyMarkdown(replyTarget(message), NOT_STORED_TEXT)
          .catch((e) => log.warn({ err: e }, 'could not tell the person either'));
      }
    }
  });
  ws.connection.start();

  return {
    async stop() {
      // Pieces being sent finish first; the rest wait in Redis for the next holder.
      unwatch();
      follow(false);
      await switching;
      await ws.connection.stop();
    },
  };
}
