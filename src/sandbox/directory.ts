/**
 * Who and where the page can speak as: the imported people and groups, and the chat id / webhook key
 * each conversation carries in its callbacks (WeCom puts both in every group callback).
 */
import { createHash } from 'node:crypto';
import type { Data } from '../data/index.ts';

type Directory = Pick<Data, 'library' | 'groups'>;

export interface PagePerson {
  userId: string;
  name: string;
  unitName: string;
  roles: string[];
}

export interface PageGroup {
  name: string;
  chatId: string;
  webhookKey: string;
  subscriptions: string[];
}

const short = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 12);

/** A group imported without 群ID / Webhook still needs both to be spoken in. */
export const sandboxChatId = (groupName: string) => `sandbox-chat-${short(groupName)}`;
export const sandboxGroupKey = (groupName: string) => `sandbox-key-${short(groupName)}`;
/** The robot's webhook in a direct chat with one person. */
export const directKey = (userId: string) => `sandbox-dm-${short(userId)}`;

export async function listPeople(data: Directory): Promise<PagePerson[]> {
  const docs = await data.library.people();
  return docs.map((p) => ({
    userId: p.userId,
    name: p.name,
    unitName: p.unitName ?? '',
    roles: [...(p.roles ?? [])],
  }));
}

export async function listGroups(data: Directory): Promise<PageGroup[]> {
  const docs = await data.groups.active();
  return docs.map((g) => ({
    name: g.name,
    chatId: g.chatId || sandboxChatId(g.name),
    webhookKey: g.webhookKey || sandboxGroupKey(g.name),
    subscriptions: [...(g.subscriptions ?? [])],
  }));
}

export async function findPerson(data: Directory, userId: string): Promise<PagePerson | undefined> {
  return (await listPeople(data)).find((p) => p.userId === userId);
}

/**
 * Names every webhook key a post may arrive on and every conversation the long connection sends to
 * (a group's chat id, a person's userid in a direct chat): groups by name, direct chats by person.
 */
export async function keyNames(data: Directory): Promise<Map<string, { label: string; chat: string }>> {
  const [groups, people] = await Promise.all([listGroups(data), listPeople(data)]);
  const names = new Map<string, { label: string; chat: string }>();
  for (const p of people) {
    const dm = { label: `与${p.name}的私聊`, chat: `dm:${p.userId}` };
    names.set(directKey(p.userId), dm);
    names.set(p.userId, dm);
  }
  for (const g of groups) {
    const group = { label: g.name, chat: `group:${g.name}` };
    names.set(g.webhookKey, group);
    names.set(g.chatId, group);
  }
  return names;
}
