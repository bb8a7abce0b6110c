/**
 * Posts to groups other than the one a message came from: the groups that subscribe to a kind of
 * content (日报/周报/月报/通报/提醒) or that follow a project. Delivery goes through the durable
 * outbound queue passed in as `send`.
 */

import type { Data } from '../data/index.ts';
import type { Reply } from '../domain/messages.ts';
import type { Subscription } from '../domain/vocabulary.ts';
import type { Logger } from '../logger.ts';

export type SendToGroup = (
  target: { webhookKey: string },
  reply: Reply,
  opts?: { id?: string },
) => Promise<void>;

export interface Notifier {
  /** Every active group subscribed to `sub`; returns how many groups were posted to. */
  toSubscribers(sub: Subscription, replies: Reply[], opts?: { id?: string }): Promise<number>;
  /** Every active group linked to the project (or to 全部), optionally only those subscribed to `sub`. */
  toProjectGroups(
    projectCode: string,
    replies: Reply[],
    opts?: { sub?: Subscription; id?: string; exceptChatId?: string },
  ): Promise<number>;
}

export function createNotifier(deps: {
  send: SendToGroup;
  log: Logger;
  data: Pick<Data, 'groups'>;
}): Notifier {
  async function post(
    groups: Array<{ name: string; webhookKey?: string | null }>,
    replies: Reply[],
    id?: string,
  ): Promise<number> {
    let n = 0;
    for (const g of groups) {
      if (!g.webhookKey) {
        deps.log.warn({ group: g.name }, 'group has no webhook key yet; nothing posted to it');
        continue;
      }
      for (const [i, reply] of replies.entries()) {
        await deps.send(
          { webhookKey: g.webhookKey },
          reply,
          id ? { id: `${id}:${g.webhookKey}:${i}` } : undefined,
        );
      }
      n++;
    }
    return n;
  }
  return {
    async toSubscribers(sub, replies, opts) {
      return post(await deps.data.groups.subscribedTo(sub), replies, opts?.id);
    },
    async toProjectGroups(projectCode, replies, opts) {
      const groups = await deps.data.groups.ofProject(projectCode, opts?.sub);
      const except = opts?.exceptChatId;
      return post(except ? groups.filter((g) => g.chatId !== except) : groups, replies, opts?.id);
    },
  };
}
