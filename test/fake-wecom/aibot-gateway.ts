/**
 * A loopback stand-in for WeCom's 智能机器人 long-connection gateway (wss://openws.work.weixin.qq.com),
 * speaking the JSON frames @wecom/aibot-node-sdk 1.0.7 speaks: `{cmd, headers:{req_id}, body}` from
 * either side, acknowledgements `{headers:{req_id}, errcode, errmsg, body?}` without cmd.
 *
 * Behaviour follows /work/shared/research/wecom-long-connection.md and wecom-protocol.md §2b. Error
 * codes 853000 (bot id / secret), 846605 (req_id) and 846608 (stream expired) are the ones seen
 * from the real service; the others are WeCom's global codes chosen by analogy with the webhook
 * API (45009 frequency, 40058 parameter, 40006/40009 media size, 40007 media id, 40008 message type,
 * 44004 empty content, 40004 media type): the real gateway's choice for those cases is not known.
 * No test-framework imports, so scripts and the sandbox can reuse it.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const GATEWAY_ERR = {
  credential: 853000,
  reqId: 846605,
  expired: 846608,
  frequency: 45009,
  param: 40058,
  mediaSize: 40006,
  imageSize: 40009,
  mediaId: 40007,
  msgType: 40008,
  mediaType: 40004,
  empty: 44004,
} as const;

export type MediaType = 'image' | 'voice' | 'video' | 'file';

export interface AibotGatewayOptions {
  /** Bot id → secret accepted by aibot_subscribe. */
  bots?: Record<string, string>;
  /** Messages the bot may send to one chat per window before 45009 (research: about 30 a minute). */
  perChatLimit?: number;
  perChatWindowMs?: number;
  /** Upload limits (research: 512 KB chunks, at most 100; image and voice 2 MB, video 10 MB, file 20 MB). */
  chunkBytes?: number;
  maxChunks?: number;
  sizeLimits?: Partial<Record<MediaType, number>>;
  /** Stream content and markdown limit in UTF-8 bytes. */
  contentMaxBytes?: number;
  /** A stream may be updated this long after the user's message. */
  streamTtlMs?: number;
  /** Welcome replies and card updates must come this soon after their event. */
  eventReplyMs?: number;
  /** Reported (unverified): template cards only in single chats. false refuses them in groups. */
  cardsInGroups?: boolean;
}

export interface PushInput {
  botId?: string;
  userId: string;
  /** Group chat id; omitted for a single chat (the conversation is then the user). */
  chatId?: string;
  /** The message id to use (WeCom sending one message again); random by default. */
  msgid?: string;
}

export interface Pushed {
  reqId: string;
  msgid: string;
  botId: string;
  /** The conversation: the group chat id, or the user id of a single chat. */
  conversation: string;
  chatType: 'single' | 'group';
  userId: string;
  cmd: 'aibot_msg_callback' | 'aibot_event_callback';
  eventType?: string;
  taskId?: string;
  body: Record<string, unknown>;
  at: number;
}

export interface StreamRecord {
  id: string;
  reqId: string;
  conversation: string;
  content: string;
  finished: boolean;
  /** Frames received for this stream, the first included. */
  frames: number;
  msgItems: number;
  at: number;
}

export interface CardRecord {
  taskId: string;
  botId: string;
  conversation: string;
  card: Record<string, unknown>;
  via: 'reply' | 'send' | 'welcome';
  /** Later versions from aibot_respond_update_msg. */
  updates: Array<Record<string, unknown>>;
  at: number;
}

export interface SendRecord {
  chatId: string;
  msgtype: string;
  content?: string;
  mediaId?: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ResultRecord {
  connId: number;
  cmd: string;
  reqId: string;
  errcode: number;
  conversation?: string;
  at: number;
}

export interface UploadRecord {
  uploadId: string;
  type: MediaType;
  filename: string;
  totalSize: number;
  totalChunks: number;
  md5?: string;
  chunkIndexes: number[];
  chunkSizes: number[];
  mediaId?: string;
  data?: Buffer;
}

export interface SubscriptionRecord {
  connId: number;
  botId: string;
  errcode: number;
  at: number;
}

export interface AibotGateway {
  /** ws://127.0.0.1:PORT, for WSClient's wsUrl. */
  url: string;
  addBot(botId: string, secret: string): void;

  pushText(input: PushInput & { text: string }): Pushed;
  /** Voice arrives already transcribed (research §2b). */
  pushVoice(input: PushInput & { text: string }): Pushed;
  pushImage(input: PushInput & { image: Buffer }): Pushed;
  pushMixed(input: PushInput & { items: Array<string | { image: Buffer }> }): Pushed;
  pushEnterChat(input: PushInput): Pushed;
  /** Presses a button of a card the bot sent; refuses a key the card does not have. */
  pressButton(input: PushInput & { taskId: string; key: string }): Pushed;

  subscriptions(botId?: string): SubscriptionRecord[];
  /** Times of every WebSocket upgrade attempt, refused ones included. */
  connectAttempts(): number[];
  /** Older connections closed because a newer one subscribed with the same bot id. */
  kicks(): number;
  /** Authenticated connections currently open for a bot. */
  openConnections(botId?: string): number;
  stream(id: string): StreamRecord | undefined;
  streams(): StreamRecord[];
  cards(): CardRecord[];
  sends(chatId?: string): SendRecord[];
  results(cmd?: string): ResultRecord[];
  uploads(): UploadRecord[];
  pings(): number;

  /** false answers every new upgrade with 503, as a gateway that cannot be reached. */
  setAccepting(accepting: boolean): void;
  /** Closes every connection at once without a close frame (network loss). */
  dropAll(): void;
  /** Stops answering anything on the open connections, pings included (a half-open link). */
  silence(): void;
  close(): Promise<void>;
}

/** A command's acknowledgement: errcode, an optional body, and the chat it concerned. */
interface Answer {
  errcode: number;
  body?: Obj;
  conversation?: string;
}

const reply = (errcode: number, conversation?: string, body?: Obj): Answer => ({
  errcode,
  conversation,
  body,
});

interface Conn {
  id: number;
  ws: WebSocket;
  botId?: string;
  silent: boolean;
}

interface ClientFrame {
  cmd?: unknown;
  headers?: { req_id?: unknown };
  body?: unknown;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const hex = (n: number) => randomBytes(n).toString('hex');

const MB = 1024 * 1024;
const DEFAULT_SIZE_LIMITS: Record<MediaType, number> = {
  image: 2 * MB,
  voice: 2 * MB,
  video: 10 * MB,
  file: 20 * MB,
};
const MEDIA_TYPES = Object.keys(DEFAULT_SIZE_LIMITS) as MediaType[];

/** What WeCom's media URLs carry on the long connection: AES-256-CBC, IV = key[0:16], PKCS#7 to 32. */
function encryptMedia(data: Buffer, key: Buffer): Buffer {
  const pad = 32 - (data.length % 32);
  const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

export async function startAibotGateway(opts: AibotGatewayOptions = {}): Promise<AibotGateway> {
  const bots = new Map(Object.entries(opts.bots ?? {}));
  const perChatLimit = opts.perChatLimit ?? 30;
  const perChatWindowMs = opts.perChatWindowMs ?? 60_000;
  const chunkBytes = opts.chunkBytes ?? 512 * 1024;
  const maxChunks = opts.maxChunks ?? 100;
  const sizeLimits = { ...DEFAULT_SIZE_LIMITS, ...opts.sizeLimits };
  const contentMaxBytes = opts.contentMaxBytes ?? 20_480;
  const streamTtlMs = opts.streamTtlMs ?? 6 * 60_000;
  const eventReplyMs = opts.eventReplyMs ?? 5000;
  const cardsInGroups = opts.cardsInGroups ?? false;

  let nextConnId = 1;
  let accepting = true;
  let kickCount = 0;
  let pingCount = 0;
  const conns = new Set<Conn>();
  const current = new Map<string, Conn>();
  const pushed = new Map<string, Pushed>();
  const groups = new Set<string>();
  const media = new Map<string, Buffer>();
  const streamsById = new Map<string, StreamRecord>();
  const cardsByTask = new Map<string, CardRecord>();
  const sent: SendRecord[] = [];
  const results: ResultRecord[] = [];
  const uploadsById = new Map<string, UploadRecord>();
  const uploadChunks = new Map<string, Map<number, Buffer>>();
  const mediaIds = new Set<string>();
  const subs: SubscriptionRecord[] = [];
  const attempts: number[] = [];
  const chatStamps = new Map<string, number[]>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/media\/(\w+)$/.exec(req.url ?? '');
    const data = m ? media.get(m[1]!) : undefined;
    if (!data) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
    res.end(data);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket: Socket, head) => {
    attempts.push(Date.now());
    if (!accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  function send(conn: Conn, frame: Obj): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
  }

  function ack(conn: Conn, cmd: string, reqId: string, errcode: number, body?: Obj, conversation?: string) {
    results.push({ connId: conn.id, cmd, reqId, errcode, conversation, at: Date.now() });
    const frame: Obj = {
      headers: { req_id: reqId },
      errcode,
      errmsg: errcode === 0 ? 'ok' : errmsgOf(errcode),
    };
    if (body) frame.body = body;
    send(conn, frame);
  }

  function errmsgOf(code: number): string {
    const reason: Record<number, string> = {
      [GATEWAY_ERR.credential]: 'invalid bot_id or secret',
      [GATEWAY_ERR.reqId]: 'invalid req_id',
      [GATEWAY_ERR.expired]: 'stream message update expired',
      [GATEWAY_ERR.frequency]: 'api freq out of limit',
      [GATEWAY_ERR.param]: 'invalid parameter',
      [GATEWAY_ERR.mediaSize]: 'invalid media size',
      [GATEWAY_ERR.imageSize]: 'invalid image size',
      [GATEWAY_ERR.mediaId]: 'invalid media_id',
      [GATEWAY_ERR.msgType]: 'invalid message type',
      [GATEWAY_ERR.mediaType]: 'invalid media type',
      [GATEWAY_ERR.empty]: 'empty content',
    };
    return `${reason[code] ?? 'error'}, hint: [${Date.now()}${hex(3)}]`;
  }

  /** Takes one of the chat's slots; false when the window is full (the attempt is not counted). */
  function takeChatSlot(conversation: string): boolean {
    const now = Date.now();
    const stamps = (chatStamps.get(conversation) ?? []).filter((t) => t > now - perChatWindowMs);
    chatStamps.set(conversation, stamps);
    if (stamps.length >= perChatLimit) return false;
    stamps.push(now);
    return true;
  }

  function onConnection(ws: WebSocket): void {
    const conn: Conn = { id: nextConnId++, ws, silent: false };
    conns.add(conn);
    ws.on('message', (data) => {
      if (conn.silent) return;
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString()) as ClientFrame;
      } catch {
        ws.close(1003, 'not json');
        return;
      }
      handle(conn, frame);
    });
    ws.on('close', () => {
      conns.delete(conn);
      if (conn.botId && current.get(conn.botId) === conn) current.delete(conn.botId);
    });
    ws.on('error', () => {});
  }

  function handle(conn: Conn, frame: ClientFrame): void {
    const cmd = typeof frame.cmd === 'string' ? frame.cmd : '';
    const reqId = typeof frame.headers?.req_id === 'string' ? frame.headers.req_id : '';
    const body = obj(frame.body);
    if (cmd === 'aibot_subscribe') {
      subscribe(conn, reqId, body);
      return;
    }
    // Only a subscribed, current connection may do anything else.
    if (!conn.botId || current.get(conn.botId) !== conn) {
      conn.ws.close(4001, 'not subscribed');
      return;
    }
    const answer = answerFor(conn, cmd, reqId, body);
    ack(conn, cmd, reqId, answer.errcode, answer.body, answer.conversation);
  }

  function answerFor(conn: Conn, cmd: string, reqId: string, body: Obj): Answer {
    switch (cmd) {
      case 'ping':
        pingCount++;
        return reply(0);
      case 'aibot_respond_msg':
        return respond(conn, reqId, body);
      case 'aibot_respond_welcome_msg':
        return welcome(conn, reqId, body);
      case 'aibot_respond_update_msg':
        return update(conn, reqId, body);
      case 'aibot_send_msg':
        return sendMsg(conn, body);
      case 'aibot_upload_media_init':
        return uploadInit(body);
      case 'aibot_upload_media_chunk':
        return uploadChunk(body);
      case 'aibot_upload_media_finish':
        return uploadFinish(body);
      default:
        return reply(GATEWAY_ERR.param);
    }
  }

  function subscribe(conn: Conn, reqId: string, body: Obj): void {
    const botId = typeof body.bot_id === 'string' ? body.bot_id : '';
    const ok = botId !== '' && bots.has(botId) && bots.get(botId) === body.secret;
    subs.push({ connId: conn.id, botId, errcode: ok ? 0 : GATEWAY_ERR.credential, at: Date.now() });
    if (!ok) {
      ack(conn, 'aibot_subscribe', reqId, GATEWAY_ERR.credential);
      setTimeout(() => conn.ws.close(4003, 'auth failed'), 20).unref();
      return;
    }
    const older = current.get(botId);
    conn.botId = botId;
    current.set(botId, conn);
    ack(conn, 'aibot_subscribe', reqId, 0);
    if (older && older !== conn) {
      // Only one connection per bot: the older one is told why, then closed (research §Messages).
      kickCount++;
      send(older, {
        cmd: 'aibot_event_callback',
        headers: { req_id: hex(12) },
        body: {
          msgid: randomBytes(12).toString('base64url'),
          create_time: Math.floor(Date.now() / 1000),
          aibotid: botId,
          msgtype: 'event',
          event: { eventtype: 'disconnected_event' },
        },
      });
      setTimeout(() => older.ws.terminate(), 50).unref();
    }
  }

  function cardRefused(conversation: string): boolean {
    return !cardsInGroups && groups.has(conversation);
  }

  function checkCard(card: Obj): number {
    if (typeof card.card_type !== 'string') return GATEWAY_ERR.param;
    if (card.card_type === 'button_interaction') {
      const buttons = Array.isArray(card.button_list) ? card.button_list.map(obj) : [];
      if (!buttons.length || buttons.length > 6) return GATEWAY_ERR.param;
      if (buttons.some((b) => typeof b.key !== 'string' || typeof b.text !== 'string'))
        return GATEWAY_ERR.param;
    }
    if (card.card_type !== 'text_notice' && card.card_type !== 'news_notice') {
      if (typeof card.task_id !== 'string' || !card.task_id) return GATEWAY_ERR.param;
    }
    return 0;
  }

  function recordCard(botId: string, conversation: string, card: Obj, via: CardRecord['via']): void {
    const taskId = typeof card.task_id === 'string' ? card.task_id : `notice-${hex(6)}`;
    cardsByTask.set(taskId, { taskId, botId, conversation, card, via, updates: [], at: Date.now() });
  }

  function mediaBody(body: Obj, msgtype: string): { ok: boolean; mediaId?: string } {
    const mediaId = obj(body[msgtype]).media_id;
    return typeof mediaId === 'string' && mediaIds.has(mediaId) ? { ok: true, mediaId } : { ok: false };
  }

  function respond(conn: Conn, reqId: string, body: Obj): Answer {
    const p = pushed.get(reqId);
    if (!p || p.botId !== conn.botId || p.cmd !== 'aibot_msg_callback') {
      return reply(GATEWAY_ERR.reqId);
    }
    const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
    const conv = p.conversation;
    if (msgtype === 'stream' || msgtype === 'stream_with_template_card') {
      const stream = obj(body.stream);
      const id = typeof stream.id === 'string' ? stream.id : '';
      const content = typeof stream.content === 'string' ? stream.content : '';
      const items = Array.isArray(stream.msg_item) ? stream.msg_item : [];
      if (!id || bytes(content) > contentMaxBytes) return reply(GATEWAY_ERR.param, conv);
      if (items.length && stream.finish !== true) return reply(GATEWAY_ERR.param, conv);
      const card = body.template_card === undefined ? undefined : obj(body.template_card);
      if (card && (cardRefused(conv) || checkCard(card) !== 0)) {
        return reply(cardRefused(conv) ? GATEWAY_ERR.msgType : GATEWAY_ERR.param, conv);
      }
      const existing = streamsById.get(id);
      if (existing && existing.reqId !== reqId) return reply(GATEWAY_ERR.param, conv);
      if (existing?.finished || Date.now() - p.at > streamTtlMs) {
        return reply(GATEWAY_ERR.expired, conv);
      }
      if (!existing && !takeChatSlot(conv)) return reply(GATEWAY_ERR.frequency, conv);
      const rec: StreamRecord = existing ?? {
        id,
        reqId,
        conversation: conv,
        content: '',
        finished: false,
        frames: 0,
        msgItems: 0,
        at: Date.now(),
      };
      rec.content = content;
      rec.finished = stream.finish === true;
      rec.frames++;
      rec.msgItems = items.length;
      streamsById.set(id, rec);
      if (card) recordCard(p.botId, conv, card, 'reply');
      return reply(0, conv);
    }
    if (msgtype === 'template_card') {
      const card = obj(body.template_card);
      if (cardRefused(conv)) return reply(GATEWAY_ERR.msgType, conv);
      const bad = checkCard(card);
      if (bad) return reply(bad, conv);
      if (!takeChatSlot(conv)) return reply(GATEWAY_ERR.frequency, conv);
      recordCard(p.botId, conv, card, 'reply');
      return reply(0, conv);
    }
    if ((MEDIA_TYPES as string[]).includes(msgtype)) {
      const m = mediaBody(body, msgtype);
      if (!m.ok) return reply(GATEWAY_ERR.mediaId, conv);
      if (!takeChatSlot(conv)) return reply(GATEWAY_ERR.frequency, conv);
      sent.push({ chatId: conv, msgtype, mediaId: m.mediaId, body, at: Date.now() });
      return reply(0, conv);
    }
    return reply(GATEWAY_ERR.msgType, conv);
  }

  function welcome(conn: Conn, reqId: string, body: Obj): Answer {
    const p = pushed.get(reqId);
    if (!p || p.botId !== conn.botId || p.eventType !== 'enter_chat') return reply(GATEWAY_ERR.reqId);
    if (Date.now() - p.at > eventReplyMs) return reply(GATEWAY_ERR.expired);
    if (body.msgtype === 'text') {
      const content = obj(body.text).content;
      if (typeof content !== 'string' || !content) return reply(GATEWAY_ERR.empty);
      sent.push({ chatId: p.conversation, msgtype: 'text', content, body, at: Date.now() });
      return reply(0, p.conversation);
    }
    if (body.msgtype === 'template_card') {
      const card = obj(body.template_card);
      const bad = checkCard(card);
      if (bad) return reply(bad);
      recordCard(p.botId, p.conversation, card, 'welcome');
      return reply(0, p.conversation);
    }
    return reply(GATEWAY_ERR.msgType);
  }

  function update(conn: Conn, reqId: string, body: Obj): Answer {
    const p = pushed.get(reqId);
    if (!p || p.botId !== conn.botId || p.eventType !== 'template_card_event') {
      return reply(GATEWAY_ERR.reqId);
    }
    if (Date.now() - p.at > eventReplyMs) return reply(GATEWAY_ERR.expired);
    const card = obj(body.template_card);
    if (body.response_type !== 'update_template_card' || card.task_id !== p.taskId) {
      return reply(GATEWAY_ERR.param);
    }
    const bad = checkCard(card);
    if (bad) return reply(bad);
    cardsByTask.get(p.taskId!)?.updates.push(card);
    return reply(0, p.conversation);
  }

  function sendMsg(conn: Conn, body: Obj): Answer {
    const chatId = typeof body.chatid === 'string' ? body.chatid : '';
    const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
    if (!chatId) return reply(GATEWAY_ERR.param);
    let record: SendRecord | undefined;
    if (msgtype === 'markdown') {
      const content = obj(body.markdown).content;
      if (typeof content !== 'string' || !content.trim()) return reply(GATEWAY_ERR.empty, chatId);
      if (bytes(content) > contentMaxBytes) return reply(GATEWAY_ERR.param, chatId);
      record = { chatId, msgtype, content, body, at: 0 };
    } else if (msgtype === 'template_card') {
      const card = obj(body.template_card);
      if (cardRefused(chatId)) return reply(GATEWAY_ERR.msgType, chatId);
      const bad = checkCard(card);
      if (bad) return reply(bad, chatId);
      record = { chatId, msgtype, body, at: 0 };
    } else if ((MEDIA_TYPES as string[]).includes(msgtype)) {
      const m = mediaBody(body, msgtype);
      if (!m.ok) return reply(GATEWAY_ERR.mediaId, chatId);
      record = { chatId, msgtype, mediaId: m.mediaId, body, at: 0 };
    } else {
      return reply(GATEWAY_ERR.msgType, chatId);
    }
    if (!takeChatSlot(chatId)) return reply(GATEWAY_ERR.frequency, chatId);
    record.at = Date.now();
    sent.push(record);
    if (msgtype === 'template_card') recordCard(conn.botId!, chatId, obj(body.template_card), 'send');
    return reply(0, chatId);
  }

  function uploadInit(body: Obj): Answer {
    const type = body.type as MediaType;
    const totalSize = Number(body.total_size);
    const totalChunks = Number(body.total_chunks);
    if (!MEDIA_TYPES.includes(type)) return reply(GATEWAY_ERR.mediaType);
    if (typeof body.filename !== 'string' || !body.filename) return reply(GATEWAY_ERR.param);
    if (!Number.isInteger(totalSize) || totalSize <= 0) return reply(GATEWAY_ERR.mediaSize);
    if (totalSize > sizeLimits[type]) {
      return reply(type === 'image' ? GATEWAY_ERR.imageSize : GATEWAY_ERR.mediaSize);
    }
    if (
      !Number.isInteger(totalChunks) ||
      totalChunks < Math.ceil(totalSize / chunkBytes) ||
      totalChunks > maxChunks ||
      totalChunks > totalSize
    ) {
      return reply(GATEWAY_ERR.param);
    }
    const uploadId = `up_${hex(10)}`;
    uploadsById.set(uploadId, {
      uploadId,
      type,
      filename: body.filename,
      totalSize,
      totalChunks,
      md5: typeof body.md5 === 'string' ? body.md5 : undefined,
      chunkIndexes: [],
      chunkSizes: [],
    });
    uploadChunks.set(uploadId, new Map());
    return reply(0, undefined, { upload_id: uploadId });
  }

  function uploadChunk(body: Obj): Answer {
    const up = typeof body.upload_id === 'string' ? uploadsById.get(body.upload_id) : undefined;
    if (!up || up.mediaId) return reply(GATEWAY_ERR.param);
    const index = Number(body.chunk_index);
    // The SDK numbers chunks from 0 (its type comment says 1); 0 … total_chunks-1 is accepted.
    if (!Number.isInteger(index) || index < 0 || index >= up.totalChunks) return reply(GATEWAY_ERR.param);
    if (typeof body.base64_data !== 'string') return reply(GATEWAY_ERR.param);
    const data = Buffer.from(body.base64_data, 'base64');
    if (!data.length || data.length > chunkBytes) return reply(GATEWAY_ERR.mediaSize);
    uploadChunks.get(up.uploadId)!.set(index, data);
    up.chunkIndexes.push(index);
    up.chunkSizes.push(data.length);
    return reply(0);
  }

  function uploadFinish(body: Obj): Answer {
    const up = typeof body.upload_id === 'string' ? uploadsById.get(body.upload_id) : undefined;
    if (!up || up.mediaId) return reply(GATEWAY_ERR.param);
    const chunks = uploadChunks.get(up.uploadId)!;
    const parts: Buffer[] = [];
    for (let i = 0; i < up.totalChunks; i++) {
      const c = chunks.get(i);
      if (!c) return reply(GATEWAY_ERR.param);
      parts.push(c);
    }
    const data = Buffer.concat(parts);
    if (data.length !== up.totalSize) return reply(GATEWAY_ERR.mediaSize);
    if (up.md5 && createHash('md5').update(data).digest('hex') !== up.md5) {
      return reply(GATEWAY_ERR.param);
    }
    up.mediaId = `media_${hex(12)}`;
    up.data = data;
    mediaIds.add(up.mediaId);
    uploadChunks.delete(up.uploadId);
    return reply(0, undefined, {
      type: up.type,
      media_id: up.mediaId,
      created_at: String(Math.floor(Date.now() / 1000)),
    });
  }

  function defaultBot(botId?: string): string {
    const id = botId ?? bots.keys().next().value;
    if (!id) throw new Error('fake gateway: no bot configured');
    return id;
  }

  function push(
    input: PushInput,
    cmd: Pushed['cmd'],
    payload: Obj,
    extra: { eventType?: string; taskId?: string } = {},
  ): Pushed {
    const botId = defaultBot(input.botId);
    const conn = current.get(botId);
    if (!conn) throw new Error(`fake gateway: bot ${botId} has no open connection`);
    const chatType = input.chatId ? 'group' : 'single';
    if (input.chatId) groups.add(input.chatId);
    const reqId = hex(16);
    const msgid = input.msgid ?? randomBytes(16).toString('base64url');
    const body: Obj = {
      msgid,
      aibotid: botId,
      chattype: chatType,
      from: { userid: input.userId },
      create_time: Math.floor(Date.now() / 1000),
      ...payload,
    };
    if (input.chatId) body.chatid = input.chatId;
    const p: Pushed = {
      reqId,
      msgid,
      botId,
      conversation: input.chatId ?? input.userId,
      chatType,
      userId: input.userId,
      cmd,
      body,
      at: Date.now(),
      ...extra,
    };
    pushed.set(reqId, p);
    send(conn, { cmd, headers: { req_id: reqId }, body });
    return p;
  }

  function hostImage(image: Buffer): Obj {
    const key = randomBytes(32);
    const token = hex(12);
    media.set(token, encryptMedia(image, key));
    return { url: `${base}/media/${token}`, aeskey: key.toString('base64') };
  }

  const gateway: AibotGateway = {
    url: `ws://127.0.0.1:${port}`,
    addBot: (botId, secret) => {
      bots.set(botId, secret);
    },
    pushText: (input) =>
      push(input, 'aibot_msg_callback', { msgtype: 'text', text: { content: input.text } }),
    pushVoice: (input) =>
      push(input, 'aibot_msg_callback', { msgtype: 'voice', voice: { content: input.text } }),
    pushImage: (input) =>
      push(input, 'aibot_msg_callback', { msgtype: 'image', image: hostImage(input.image) }),
    pushMixed: (input) =>
      push(input, 'aibot_msg_callback', {
        msgtype: 'mixed',
        mixed: {
          msg_item: input.items.map((item) =>
            typeof item === 'string'
              ? { msgtype: 'text', text: { content: item } }
              : { msgtype: 'image', image: hostImage(item.image) },
          ),
        },
      }),
    pushEnterChat: (input) =>
      push(
        input,
        'aibot_event_callback',
        { msgtype: 'event', event: { eventtype: 'enter_chat' } },
        { eventType: 'enter_chat' },
      ),
    pressButton: (input) => {
      const card = cardsByTask.get(input.taskId);
      if (!card) throw new Error(`fake gateway: no card with task_id ${input.taskId}`);
      const latest = card.updates.at(-1) ?? card.card;
      const keys = (Array.isArray(latest.button_list) ? latest.button_list : []).map((b) => obj(b).key);
      if (!keys.includes(input.key))
        throw new Error(`fake gateway: card ${input.taskId} has no button ${input.key}`);
      return push(
        { ...input, chatId: input.chatId ?? (groups.has(card.conversation) ? card.conversation : undefined) },
        'aibot_event_callback',
        {
          msgtype: 'event',
          event: {
            eventtype: 'template_card_event',
            // The documented shape (d101027); the SDK's type puts event_key and task_id one level up.
            template_card_event: {
              card_type: latest.card_type,
              event_key: input.key,
              task_id: input.taskId,
            },
          },
        },
        { eventType: 'template_card_event', taskId: input.taskId },
      );
    },

    subscriptions: (botId) => subs.filter((s) => botId === undefined || s.botId === botId),
    connectAttempts: () => [...attempts],
    kicks: () => kickCount,
    openConnections: (botId) =>
      [...current.entries()].filter(([id, c]) => (botId === undefined || id === botId) && conns.has(c))
        .length,
    stream: (id) => streamsById.get(id),
    streams: () => [...streamsById.values()],
    cards: () => [...cardsByTask.values()],
    sends: (chatId) => sent.filter((s) => chatId === undefined || s.chatId === chatId),
    results: (cmd) => results.filter((r) => cmd === undefined || r.cmd === cmd),
    uploads: () => [...uploadsById.values()],
    pings: () => pingCount,

    setAccepting: (v) => {
      accepting = v;
    },
    dropAll: () => {
      for (const c of conns) c.ws.terminate();
    },
    silence: () => {
      for (const c of conns) c.silent = true;
    },
    close: async () => {
      for (const c of conns) c.ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return gateway;
}
