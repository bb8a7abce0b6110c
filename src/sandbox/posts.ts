/** The fake WeCom API's captured posts, in the shape the page renders. */
import type { FakeSent, FakeWecomApi } from '../../test/fake-wecom/api-server.ts';

export interface PagePost {
  seq: number;
  at: number;
  /** `group:<name>` or `dm:<userid>`; empty when the key is unknown to the directory. */
  chat: string;
  label: string;
  msgtype: string;
  content?: string;
  mentions: string[];
  /** data: URL of an image post. */
  image?: string;
  file?: { mediaId: string; filename: string; size: number };
  articles?: Array<{ title: string; description?: string; url?: string }>;
}

type Names = Map<string, { label: string; chat: string }>;

function pagePost(m: FakeSent, seq: number, api: FakeWecomApi, names: Names): PagePost {
  const where = names.get(m.key);
  const payload = (m.body[m.msgtype] ?? {}) as Record<string, unknown>;
  const post: PagePost = {
    seq,
    at: m.at,
    chat: where?.chat ?? '',
    label: where?.label ?? `未知群（key ${m.key}）`,
    msgtype: m.msgtype,
    content: m.content,
    mentions: m.mentions,
  };
  if (m.msgtype === 'image') {
    const b64 = String(payload.base64 ?? '');
    post.image = `data:${b64.startsWith('/9j/') ? 'image/jpeg' : 'image/png'};base64,${b64}`;
  }
  if (m.msgtype === 'file' || m.msgtype === 'voice') {
    const up = api.uploads().find((u) => u.mediaId === payload.media_id);
    if (up) post.file = { mediaId: up.mediaId, filename: up.filename, size: up.size };
  }
  if (m.msgtype === 'news' && Array.isArray(payload.articles)) {
    post.articles = (payload.articles as Array<Record<string, unknown>>).map((a) => ({
      title: String(a.title ?? ''),
      description: a.description === undefined ? undefined : String(a.description),
      url: a.url === undefined ? undefined : String(a.url),
    }));
  }
  if (m.msgtype === 'template_card') post.content = JSON.stringify(payload, null, 2);
  return post;
}

/** Posts after `after` (a sequence number the page got earlier), oldest first. */
export function postsAfter(api: FakeWecomApi, after: number, names: Names): PagePost[] {
  const all = api.sent();
  const out: PagePost[] = [];
  for (let i = Math.max(0, after); i < all.length; i++) out.push(pagePost(all[i]!, i + 1, api, names));
  return out;
}
