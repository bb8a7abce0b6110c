/**
 * Posts to groups other than the one a message came from: the groups that subscribe to a kind of
 * content (日报/周报/月报/通报/提醒) or that follow a project. Delivery goes through the durable
 * outbound queue passed in as `send`: by the group's robot webhook, or — for a group with a chat id
 * and no working webhook, when the deployment has the 智能机器人 long connection — over that.
 */

import type { Data, GroupDoc } from '../data/index.ts';
import { countyOf, countyOfRef, DEFAULT_COUNTY } from '../domain/county.ts';
import type { Reply } from '../domain/messages.ts';
import type { Subscription } from '../domain/vocabulary.ts';
import type { Logger } from '../logger.ts';

export type GroupTarget = { webhookKey: string } | { aibotChat: string; chatType: 'group' };

export type SendToGroup = (target: GroupTarget, reply: Reply, opts?: { id?: string }) => Promise<void>;

export interface Notifier {
  /**
   * Every active group subscribed to `sub` (of `county` only when given: a county's name, or 全市 for
   * the city's groups); returns how many groups were posted to.
   */
  toSubscribers(
    sub: Subscription,
    replies: Reply[],
    opts?: { id?: string; county?: string; exceptChatId?: string },
  ): Promise<number>;
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
  data: Pick<Data, 'groups'> & { county?: string };
  /** The 智能机器人 long connection is configured (WECOM_AIBOT_ID / SECRET). */
  longConnection?: boolean;
}): Notifier {
  /** The webhook while it works; else the long connection to the group's chat; else the broken webhook. */
  function targetOf(g: Pick<GroupDoc, 'webhookKey' | 'webhookBrokenAt' | 'chatId'>) {
    if (g.webhookKey && !g.webhookBrokenAt)
      return { target: { webhookKey: g.webhookKey }, tag: g.webhookKey };
    if (g.chatId && deps.longConnection) {
      return { target: { aibotChat: g.chatId, chatType: 'group' as const }, tag: `aibot:${g.chatId}` };
    }
    return g.webhookKey ? { target: { webhookKey: g.webhookKey }, tag: g.webhookKey } : undefined;
  }

  async function post(groups: GroupDoc[], replies: Reply[], id?: string): Promise<number> {
    let n = 0;
    for (const g of groups) {
      const to = targetOf(g);
      if (!to) {
        deps.log.warn(
          { group: g.name },
          deps.longConnection
            ? 'group has no webhook key and no chat id yet; nothing posted to it'
            : 'group has no webhook key yet; nothing posted to it',
        );
        continue;
      }
      for (const [i, reply] of replies.entries()) {
        await deps.send(to.target, reply, id ? { id: `${id}:${to.tag}:${i}` } : undefined);
      }
      n++;
    }
    return n;
  }
  const home = deps.data.county ?? DEFAULT_COUNTY;
  return {
    async toSubscribers(sub, replies, opts) {
      const groups = await deps.data.groups.subscribedTo(sub);
      const county = opts?.county;
      const except = opts?.exceptChatId;
      const to = groups.filter(
        (g) => (!county || countyOf(g, home) === county) && (!except || g.chatId !== except),
      );
      return post(to, replies, opts?.id);
    },
    async toProjectGroups(projectCode, replies, opts) {
      // A group's 全部 is its county's projects; a city group hears of a project it names, and of
      // tier 4 through its subscriptions (toSubscribers), not of every county's every step.
      const projectCounty = countyOfRef(projectCode, home);
      const groups = (await deps.data.groups.ofProject(projectCode, opts?.sub)).filter(
        (g) => !g.allProjects || countyOf(g, home) === projectCounty,
      );
      const except = opts?.exceptChatId;
      return post(except ? groups.filter((g) => g.chatId !== except) : groups, replies, opts?.id);
    },
  };
}
