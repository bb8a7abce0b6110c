/**
 * The WeCom groups the robot is in: who subscribes to what, and group learning — every callback that
 * names a group (ChatId, WebhookUrl) keeps the group current, so imported groups (known by webhook key)
 * meet their chat id, and unknown groups appear on their own.
 */
import { type Group, GroupModel } from '../../models/group.model.ts';
import type { InboundMessage } from '../domain/messages.ts';
import type { Subscription } from '../domain/vocabulary.ts';

export type GroupDoc = Group & { _id: unknown };

export interface GroupsRepo {
  /** Keeps the group a message came from current; at most one store write a minute per group. */
  learn(msg: InboundMessage, webhookKey: string | undefined, now: Date): Promise<void>;
  /** Active groups subscribed to `sub`. */
  subscribedTo(sub: Subscription): Promise<GroupDoc[]>;
  /** Active groups following a project (or 全部), optionally only those subscribed to `sub`. */
  ofProject(projectCode: string, sub?: Subscription): Promise<GroupDoc[]>;
  /** Every active group, oldest first. */
  active(): Promise<GroupDoc[]>;
  byChatId(chatId: string): Promise<GroupDoc | null>;
  /**
   * Gives a group known only by name its chat id, as a first message from it would. A long-connection
   * frame names the group by chat id alone, so a group imported without 群ID would otherwise meet it
   * as a new, unknown group. No change when the group has a chat id already.
   */
  bindChatId(name: string, chatId: string): Promise<void>;
  /** Marks every group with this key broken (WeCom answered 93000). */
  markBroken(webhookKey: string, at: Date): Promise<void>;
  /** Groups whose webhook WeCom refused. */
  broken(): Promise<GroupDoc[]>;
}

const SEEN_EVERY_MS = 60_000;

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export function createGroupsRepo(): GroupsRepo {
  /**
   * Groups this process found (or made) up to date, by chat id and webhook key, and when: within the
   * minute nothing is read either — the group lookup is a scan of the groups on the embedded store.
   */
  const upToDate = new Map<string, number>();
  return {
    learn: (msg, key, now) => learnGroup(upToDate, msg, key, now),
    subscribedTo: async (sub) => GroupModel.find({ active: true, subscriptions: sub }).lean<GroupDoc[]>(),
    async ofProject(projectCode, sub) {
      const filter: Record<string, unknown> = {
        active: true,
        $or: [{ allProjects: true }, { projectCodes: projectCode }],
      };
      if (sub) filter.subscriptions = sub;
      return GroupModel.find(filter).lean<GroupDoc[]>();
    },
    active: async () =>
      GroupModel.find({ active: { $ne: false } })
        .sort({ createdAt: 1 })
        .lean<GroupDoc[]>(),
    byChatId: async (chatId) => GroupModel.findOne({ chatId }).lean<GroupDoc>(),
    async bindChatId(name, chatId) {
      await GroupModel.updateOne(
        { name, $or: [{ chatId: { $exists: false } }, { chatId: null }, { chatId: '' }] },
        { $set: { chatId } },
      );
    },
    async markBroken(webhookKey, at) {
      await GroupModel.updateMany({ webhookKey }, { $set: { webhookBrokenAt: at } });
    },
    broken: async () => GroupModel.find({ webhookBrokenAt: { $exists: true, $ne: null } }).lean<GroupDoc[]>(),
  };
}

async function learnGroup(
  upToDate: Map<string, number>,
  msg: InboundMessage,
  key: string | undefined,
  now: Date,
): Promise<void> {
  if (msg.chatType !== 'group') return;
  if (!msg.chatId && !key) return;
  const memo = msg.eventType ? undefined : `${msg.chatId ?? ''}|${key ?? ''}`;
  const seenAt = memo ? upToDate.get(memo) : undefined;
  if (seenAt !== undefined && now.getTime() - seenAt >= 0 && now.getTime() - seenAt < SEEN_EVERY_MS) return;
  await learn(msg, key, now);
  if (memo) {
    if (upToDate.size > 10_000) upToDate.clear();
    upToDate.set(memo, now.getTime());
  }
}

async function learn(msg: InboundMessage, key: string | undefined, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let group = msg.chatId ? await GroupModel.findOne({ chatId: msg.chatId }).lean() : null;
    if (!group && key) group = await GroupModel.findOne({ webhookKey: key }).lean();
    const set: Record<string, unknown> = { lastSeenAt: now };
    const unset: Record<string, 1> = {};
    if (msg.chatId) set.chatId = msg.chatId;
    if (key && group?.webhookKey !== key) {
      set.webhookKey = key;
      // A new key is a fresh chance: the old 93000 verdict was about the old key.
      unset.webhookBrokenAt = 1;
    }
    if (msg.eventType === 'delete_from_chat') set.active = false;
    else if (msg.eventType === 'add_to_chat') set.active = true;
    // Every message passes here: a group that is already up to date is written at most once a minute.
    if (group && isCurrent(group, set, msg.chatId, now)) return;
    if (group) {
      await GroupModel.updateOne(
        { _id: group._id },
        Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set },
      );
      return;
    }
    if (!msg.chatId) return;
    try {
      await GroupModel.create({
        name: `群聊 ${msg.chatId}`,
        chatId: msg.chatId,
        webhookKey: key,
        active: msg.eventType !== 'delete_from_chat',
        lastSeenAt: now,
      });
      return;
    } catch (err) {
      // Another request created it first: go round once more and update that one.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

function isCurrent(
  group: { chatId?: string | null; active?: boolean | null; lastSeenAt?: Date | null },
  set: Record<string, unknown>,
  chatId: string | undefined,
  now: Date,
): boolean {
  if ('webhookKey' in set || (chatId && group.chatId !== chatId)) return false;
  if ('active' in set && group.active !== set.active) return false;
  return Boolean(group.lastSeenAt && now.getTime() - new Date(group.lastSeenAt).getTime() < SEEN_EVERY_MS);
}
