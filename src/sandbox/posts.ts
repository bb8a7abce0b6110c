/**
 * What the bot posted, in the shape the page renders: the fake WeCom API's webhook posts and, when
 * the sandbox runs over the long connection, what the fake gateway received — messages sent to a
 * chat, media, and cards with their later updates. One numbered feed, so the page polls one list.
 */
import type { AibotGateway, CardRecord, SendRecord } from '../../test/fake-wecom/aibot-gateway.ts';
import type { FakeSent, FakeWecomApi } from '../../test/fake-wecom/api-server.ts';

export interface PageCard {
  taskId: string;
  title: string;
  desc?: string;
  detail?: string;
  buttons: Array<{ key: string; text: string }>;
}

export interface PagePost {
  seq: number;
  at: number;
  /** `group:<name>` or `dm:<userid>`; empty when the key is unknown to the directory. */
  chat: string;
  label: string;
  /** The way the post went out: a group robot webhook, or the 智能机器人 long connection. */
  via: 'webhook' | 'long-connection';
  msgtype: string;
  content?: string;
  mentions: string[];
  /** data: URL of an image post. */
  image?: string;
  file?: { mediaId: string; filename: string; size: number };
  articles?: Array<{ title: string; description?: string; url?: string }>;
  /** A long-connection card with buttons the page can press. */
  card?: PageCard;
}

/** Where a post landed, by webhook key (webhook posts) or conversation (long connection). */
export type Names = Map<string, { label: string; chat: string }>;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const dataUrl = (b64: string) => `data:${b64.startsWith('/9j/') ? 'image/jpeg' : 'image/png'};base64,${b64}`;

function webhookPost(m: FakeSent, api: FakeWecomApi, names: Names): Omit<PagePost, 'seq'> {
  const where = names.get(m.key);
  const payload = obj(m.body[m.msgtype]);
  const post: Omit<PagePost, 'seq'> = {
    at: m.at,
    chat: where?.chat ?? '',
    label: where?.label ?? `未知群（key ${m.key}）`,
    via: 'webhook',
    msgtype: m.msgtype,
    content: m.content,
    mentions: m.mentions,
  };
  if (m.msgtype === 'image') post.image = dataUrl(String(payload.base64 ?? ''));
  if (m.msgtype === 'file' || m.msgtype === 'voice') {
    const up = api.uploads().find((u) => u.mediaId === payload.media_id);
    if (up) post.file = { mediaId: up.mediaId, filename: up.filename, size: up.size };
  }
  if (m.msgtype === 'news' && Array.isArray(payload.articles)) {
    post.articles = (payload.articles as Obj[]).map((a) => ({
      title: String(a.title ?? ''),
      description: a.description === undefined ? undefined : String(a.description),
      url: a.url === undefined ? undefined : String(a.url),
    }));
  }
  if (m.msgtype === 'template_card') post.content = JSON.stringify(payload, null, 2);
  return post;
}

function pageCard(card: Obj): PageCard {
  const title = obj(card.main_title);
  return {
    taskId: String(card.task_id ?? ''),
    title: text(title.title) ?? '',
    desc: text(title.desc),
    detail: text(card.sub_title_text),
    buttons: (Array.isArray(card.button_list) ? card.button_list : []).map((b) => ({
      key: String(obj(b).key ?? ''),
      text: String(obj(b).text ?? ''),
    })),
  };
}

function where(conversation: string, names: Names) {
  const w = names.get(conversation);
  return { chat: w?.chat ?? '', label: w?.label ?? `未知会话（${conversation}）` };
}

function gatewaySend(s: SendRecord, gateway: AibotGateway, names: Names): Omit<PagePost, 'seq'> {
  const post: Omit<PagePost, 'seq'> = {
    at: s.at,
    ...where(s.chatId, names),
    via: 'long-connection',
    msgtype: s.msgtype,
    content: s.content,
    mentions: [],
  };
  if (s.mediaId) {
    const up = gateway.uploads().find((u) => u.mediaId === s.mediaId);
    if (up?.data && s.msgtype === 'image') post.image = dataUrl(up.data.toString('base64'));
    else if (up?.data) post.file = { mediaId: s.mediaId, filename: up.filename, size: up.data.length };
  }
  if (s.msgtype === 'template_card') {
    const card = obj(s.body.template_card);
    post.card = pageCard(card);
    post.content = JSON.stringify(card, null, 2);
  }
  return post;
}

function cardPost(c: CardRecord, card: Obj, at: number, names: Names): Omit<PagePost, 'seq'> {
  return {
    at,
    ...where(c.conversation, names),
    via: 'long-connection',
    msgtype: 'template_card',
    content: JSON.stringify(card, null, 2),
    mentions: [],
    card: pageCard(card),
  };
}

export interface Feed {
  /** Posts after `after` (a sequence number the page got earlier), oldest first. */
  after(after: number, names: Names): PagePost[];
  /** A file the bot uploaded, by media id, from either way out. */
  file(mediaId: string): { filename: string; data: Buffer } | undefined;
}

export function createFeed(api: FakeWecomApi, gateway?: AibotGateway): Feed {
  // Named when asked for: a group learnt meanwhile shows under its name.
  type Item = (names: Names) => Omit<PagePost, 'seq'>;
  const items: Item[] = [];
  let webhookSeen = 0;
  let sendsSeen = 0;
  const cardsSeen = new Map<string, number>();

  /** Takes in what arrived since the last look, in the order it arrived. */
  function refresh(): void {
    const batch: Array<{ at: number; item: Item }> = [];
    const sent = api.sent();
    for (; webhookSeen < sent.length; webhookSeen++) {
      const m = sent[webhookSeen]!;
      batch.push({ at: m.at, item: (names) => webhookPost(m, api, names) });
    }
    if (gateway) {
      const sends = gateway.sends();
      for (; sendsSeen < sends.length; sendsSeen++) {
        const s = sends[sendsSeen]!;
        batch.push({ at: s.at, item: (names) => gatewaySend(s, gateway, names) });
      }
      // Cards sent with aibot_send_msg are in sends already; replies and updates are only here.
      for (const c of gateway.cards()) {
        const versions = [...(c.via === 'send' ? [] : [c.card]), ...c.updates];
        const seen = cardsSeen.get(c.taskId) ?? 0;
        for (let i = seen; i < versions.length; i++) {
          const card = versions[i]!;
          const at = i === 0 && c.via !== 'send' ? c.at : Date.now();
          batch.push({ at, item: (names) => cardPost(c, card, at, names) });
        }
        cardsSeen.set(c.taskId, versions.length);
      }
    }
    batch.sort((a, b) => a.at - b.at);
    for (const b of batch) items.push(b.item);
  }

  return {
    after(after, names) {
      refresh();
      const out: PagePost[] = [];
      for (let i = Math.max(0, after); i < items.length; i++) out.push({ ...items[i]!(names), seq: i + 1 });
      return out;
    },
    file(mediaId) {
      const up = api.uploads().find((u) => u.mediaId === mediaId);
      if (up) return { filename: up.filename, data: up.data };
      const g = gateway?.uploads().find((u) => u.mediaId === mediaId);
      return g?.data ? { filename: g.filename, data: g.data } : undefined;
    },
  };
}
