/**
 * A loopback stand-in for qyapi.weixin.qq.com's robot API (research §1 and the simulator checklist):
 * webhook/send, webhook/upload_media and the 智能机器人 response_url. Always HTTP 200 with
 * {errcode, errmsg} in WeCom's errmsg shape. No test-framework imports: the sandbox reuses it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSent {
  key: string;
  msgtype: string;
  content?: string;
  /** userids from mentioned_list and <@id> in text/markdown. */
  mentions: string[];
  mentionedMobiles: string[];
  body: Record<string, unknown>;
  at: number;
}

export interface FakeUpload {
  key: string;
  mediaId: string;
  filename: string;
  size: number;
  data: Buffer;
}

export interface FakeWecomApi {
  base: string;
  addKey(key: string): void;
  removeKey(key: string): void;
  /** Accepted messages, optionally for one key (response_url posts use key `aibot:<code>`). */
  sent(key?: string): FakeSent[];
  uploads(): FakeUpload[];
  /** Every request with its errcode, accepted or not. */
  attempts(): Array<{ key: string; errcode: number; at: number }>;
  /** A one-shot response_url the 智能机器人 callback can carry. */
  responseUrl(): string;
  /** Makes the next n sends for a key fail with errcode (e.g. -1 busy). */
  failNext(key: string, errcode: number, n?: number): void;
  on(event: 'message', fn: (m: FakeSent) => void): void;
  close(): Promise<void>;
}

const LIMITS: Record<string, number> = { text: 2048, markdown: 4096, markdown_v2: 4096 };
const MSGTYPES = ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card'];

const errmsg = (code: number, reason: string) =>
  code === 0
    ? 'ok'
    : `${reason}, hint: [${Date.now()}${randomBytes(3).toString('hex')}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;

function readBody(req: IncomingMessage, cap = 30 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= cap) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The `media` part of a multipart/form-data body. */
function multipartMedia(body: Buffer, contentType: string): { filename: string; data: Buffer } | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const next = body.indexOf(delim, pos + delim.length);
    if (next === -1) break;
    const part = body.subarray(pos + delim.length + 2, next - 2);
    const headEnd = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, headEnd).toString('utf8');
    if (/name="media"/.test(head)) {
      return { filename: /filename="([^"]*)"/.exec(head)?.[1] ?? 'file', data: part.subarray(headEnd + 4) };
    }
    pos = next;
  }
  return undefined;
}

function mentionsOf(msgtype: string, obj: Record<string, unknown>): string[] {
  const list = Array.isArray(obj.mentioned_list) ? obj.mentioned_list.map(String) : [];
  const content = typeof obj.content === 'string' ? obj.content : '';
  const inline = msgtype === 'markdown_v2' ? [] : [...content.matchAll(/<@([^>\s]+)>/g)].map((m) => m[1]!);
  return [...new Set([...list, ...inline])];
}

export async function startFakeWecomApi(
  opts: { clock?: { now(): Date }; limitPerMinute?: number; windowMs?: number } = {},
): Promise<FakeWecomApi> {
  const now = () => (opts.clock ? opts.clock.now().getTime() : Date.now());
  const limit = opts.limitPerMinute ?? 20;
  const windowMs = opts.windowMs ?? 60_000;
  const keys = new Set<string>();
  const sent: FakeSent[] = [];
  const uploads: FakeUpload[] = [];
  const attempts: Array<{ key: string; errcode: number; at: number }> = [];
  const responseCodes = new Map<string, boolean>();
  const failures = new Map<string, { code: number; n: number }>();
  const events = new EventEmitter();

  function handleSend(key: string, raw: Buffer): [number, string] {
    if (!keys.has(key)) return [93000, 'invalid webhook url'];
    const t = now();
    // Failed sends count against the limit as well (research §1); 45009 answers themselves do not.
    const recent = attempts.filter((a) => a.key === key && a.errcode !== 45009 && a.at > t - windowMs);
    if (recent.length >= limit) return [45009, 'api freq out of limit'];
    const forced = failures.get(key);
    if (forced && forced.n > 0) {
      forced.n -= 1;
      return [forced.code, 'system busy'];
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return [40016, 'invalid json'];
    }
    const msgtype = String(body.msgtype ?? '');
    if (!MSGTYPES.includes(msgtype)) return [40008, 'invalid message type'];
    const payload = (body[msgtype] ?? {}) as Record<string, unknown>;
    if (msgtype in LIMITS) {
      const content = typeof payload.content === 'string' ? payload.content : '';
      if (!content) return [44004, 'empty content'];
      if (Buffer.byteLength(content, 'utf8') > LIMITS[msgtype]!) {
        return [40058, `${msgtype}.content exceed max length ${LIMITS[msgtype]}. invalid Request Parameter`];
      }
    }
    if (msgtype === 'image') {
      const data = Buffer.from(String(payload.base64 ?? ''), 'base64');
      if (!data.length) return [44004, 'empty content'];
      if (data.length > 2 * 1024 * 1024) return [45002, 'image size exceed max limit 2MB'];
      if (createHash('md5').update(data).digest('hex') !== String(payload.md5 ?? '').toLowerCase()) {
        return [301019, 'image md5 not match'];
      }
    }
    if (msgtype === 'file' || msgtype === 'voice') {
      const up = uploads.find((u) => u.mediaId === payload.media_id);
      if (!up || up.key !== key) return [40007, 'invalid media_id'];
    }
    const m: FakeSent = {
      key,
      msgtype,
      content: typeof payload.content === 'string' ? payload.content : undefined,
      mentions: mentionsOf(msgtype, payload),
      mentionedMobiles: Array.isArray(payload.mentioned_mobile_list)
        ? payload.mentioned_mobile_list.map(String)
        : [],
      body,
      at: t,
    };
    sent.push(m);
    events.emit('message', m);
    return [0, 'ok'];
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const reply = (code: number, reason: string, extra: Record<string, unknown> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify({ errcode: code, errmsg: errmsg(code, reason), ...extra }));
    };
    const key = url.searchParams.get('key') ?? '';
    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') {
      const [code, reason] = handleSend(key, body);
      attempts.push({ key, errcode: code, at: now() });
      return reply(code, reason);
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/upload_media') {
      if (!keys.has(key)) return reply(93000, 'invalid webhook url');
      const type = url.searchParams.get('type') ?? '';
      if (type !== 'file' && type !== 'voice') return reply(40004, 'invalid media type');
      const media = multipartMedia(body, String(req.headers['content-type'] ?? ''));
      if (!media) return reply(41006, 'media_id missing');
      const max = type === 'voice' ? 2 * 1024 * 1024 : 20 * 1024 * 1024;
      if (media.data.length <= 5 || media.data.length > max) return reply(40006, 'invalid file size');
      const mediaId = `3${randomBytes(24).toString('hex')}`;
      uploads.push({ key, mediaId, filename: media.filename, size: media.data.length, data: media.data });
      return reply(0, 'ok', { type, media_id: mediaId, created_at: String(Math.floor(now() / 1000)) });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/aibot/response') {
      const code = url.searchParams.get('response_code') ?? '';
      if (!responseCodes.get(code)) return reply(40001, 'invalid response_code');
      responseCodes.set(code, false);
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return reply(40016, 'invalid json');
      }
      const msgtype = String(parsed.msgtype ?? '');
      const payload = (parsed[msgtype] ?? {}) as Record<string, unknown>;
      const m: FakeSent = {
        key: `aibot:${code}`,
        msgtype,
        content: typeof payload.content === 'string' ? payload.content : undefined,
        mentions: mentionsOf(msgtype, payload),
        mentionedMobiles: [],
        body: parsed,
        at: now(),
      };
      sent.push(m);
      events.emit('message', m);
      return reply(0, 'ok');
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    addKey: (key) => keys.add(key),
    removeKey: (key) => keys.delete(key),
    sent: (key) => (key === undefined ? [...sent] : sent.filter((m) => m.key === key)),
    uploads: () => [...uploads],
    attempts: () => [...attempts],
    responseUrl: () => {
      const code = randomBytes(12).toString('hex');
      responseCodes.set(code, true);
      return `${base}/cgi-bin/aibot/response?response_code=${code}`;
    },
    failNext: (key, errcode, n = 1) => failures.set(key, { code: errcode, n }),
    on: (event, fn) => events.on(event, fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
