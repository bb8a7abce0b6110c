/**
 * The sandbox page and its small API. Every message goes to the bot through the real callback
 * endpoint with real encryption — or, in a sandbox on the long connection, as a frame the fake
 * gateway pushes down the bot's own WebSocket; every post the bot makes is read back from the fake
 * WeCom API and the fake gateway.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { AibotGateway, Pushed } from '../../test/fake-wecom/aibot-gateway.ts';
import type { FakeWecomApi } from '../../test/fake-wecom/api-server.ts';
import { createCallbackClient } from '../../test/fake-wecom/callback-client.ts';
import { isValidDate, localDate } from '../calendar/dates.ts';
import type { Config } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import { readRawBody } from '../wecom/raw-body.ts';
import type { Bot } from '../wiring.ts';
import { directKey, findPerson, keyNames, listGroups, listPeople } from './directory.ts';
import { createHistory } from './history.ts';
import { createJobTrigger, describeRun, jobList } from './jobs.ts';
import { createFeed } from './posts.ts';
import { serveFont, servePageFile } from './static.ts';

const MAX_JSON = 4 * 1024 * 1024;
const MAX_IMAGE = 2 * 1024 * 1024;
const KEPT_IMAGES = 100;
/** How long the page waits for the bot's stream answer to a frame before leaving it to the feed. */
const STREAM_WAIT_MS = 20_000;

async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const raw = await readRawBody(ctx.req, MAX_JSON);
  try {
    const v = JSON.parse(raw);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The text without the robot's name typed in front of it: the group callback adds "@name " itself. */
export function withoutMention(text: string, botName: string): string {
  let t = text.replace(/^[\s\u3000]+/, '');
  while (t.startsWith(`@${botName}`)) t = t.slice(botName.length + 1).replace(/^[\s\u3000]+/, '');
  return t.trim();
}

function fail(ctx: Context, status: number, error: string): void {
  ctx.status = status;
  ctx.body = { error };
}

/** The bot's own address as seen from this process: where callbacks and image fetches go. */
function selfBase(ctx: Context): string {
  const s = ctx.req.socket;
  let host = s.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice('::ffff:'.length);
  if (host.includes(':')) host = `[${host}]`;
  return `http://${host}:${s.localPort}`;
}

/**
 * How the bot answered a frame: the finished stream, as the page renders a reply; or `answered`
 * alone when it answered on the frame otherwise (a card, a file: the feed shows those). Neither when
 * no answer came in time.
 */
async function streamAnswer(
  gateway: AibotGateway,
  p: Pushed,
): Promise<{ reply?: { msgtype: string; content: string }; answered: boolean }> {
  const deadline = Date.now() + STREAM_WAIT_MS;
  while (Date.now() < deadline) {
    const stream = gateway.streams().find((x) => x.reqId === p.reqId);
    if (stream?.finished) return { reply: { msgtype: 'markdown', content: stream.content }, answered: true };
    const answered = gateway.results('aibot_respond_msg').some((r) => r.reqId === p.reqId && r.errcode === 0);
    if (answered && !stream) return { answered: true };
    await new Promise((r) => setTimeout(r, 50));
  }
  return { answered: false };
}

export function mountSandboxRoutes(deps: {
  runtime: Runtime;
  config: Config;
  api: FakeWecomApi;
  bot: Bot;
  gateway?: AibotGateway;
}) {
  const { runtime, config, api, bot, gateway } = deps;
  const { router } = runtime;
  const runJob = createJobTrigger(runtime, bot);
  const images = new Map<string, { data: Buffer; mime: string }>();
  const history = createHistory();
  const feed = createFeed(api, gateway);
  const offline = '机器人还没有连上长连接，请稍候几秒再发送。';
  let framesPushed = 0;

  /**
   * Groups imported without 群ID get the chat id the page speaks in: a frame names its group by chat
   * id alone (no webhook to meet it by), and posts over the connection go to that chat id.
   */
  async function bindChatIds(): Promise<void> {
    for (const g of await listGroups(runtime.data)) await runtime.data.groups.bindChatId(g.name, g.chatId);
  }

  /** Pushes a frame as WeCom would; undefined when the bot holds no connection to push it down. */
  function pushFrame(push: () => Pushed): Pushed | undefined {
    try {
      const p = push();
      framesPushed++;
      return p;
    } catch {
      return undefined;
    }
  }

  /** The gateway's side of the connection: is the bot connected, and what has gone each way. */
  function link(g: AibotGateway) {
    return {
      url: g.url,
      connected: g.openConnections() > 0,
      framesPushed,
      streams: g.streams().length,
      sends: g.sends().length,
      cards: g.cards().length,
      uploads: g.uploads().filter((u) => u.mediaId).length,
    };
  }

  /** Makes every known webhook key valid at the fake, so the bot's posts are accepted. */
  async function acceptKeys(): Promise<void> {
    for (const key of (await keyNames(runtime.data)).keys()) api.addKey(key);
  }

  function client(ctx: Context) {
    if (!config.WECOM_TOKEN || !config.WECOM_ENCODING_AES_KEY) return undefined;
    return createCallbackClient({
      baseUrl: selfBase(ctx),
      token: config.WECOM_TOKEN,
      aesKey: config.WECOM_ENCODING_AES_KEY,
      botName: config.BOT_NAME,
      webhookBase: api.base,
      // Callback timestamps on the bot's clock: the sandbox may run on the demo's dates.
      now: () => Math.floor(runtime.clock.now().getTime() / 1000),
    });
  }
  function recordReply(session: string, chat: string, res: { status: number; reply?: unknown }): void {
    if (res.status !== 200)
      history.add(session, { chat, kind: 'error', text: `回调返回 HTTP ${res.status}`, at: Date.now() });
    else if (res.reply) history.add(session, { chat, kind: 'reply', msg: res.reply, at: Date.now() });
  }
  const notConfigured =
    '沙盒需要回调凭据：请用 npm run sandbox 启动，或设置 WECOM_TOKEN 和 WECOM_ENCODING_AES_KEY。';

  router.get('/sandbox', (ctx) => servePageFile(ctx, 'index.html'));
  router.get('/sandbox/assets/:file', (ctx) => servePageFile(ctx, ctx.params.file ?? ''));
  router.get('/sandbox/font/:file', (ctx) => serveFont(ctx, ctx.params.file ?? ''));
  router.get('/sandbox/font/files/:file', (ctx) => serveFont(ctx, ctx.params.file ?? ''));

  router.get('/sandbox/api/info', (ctx) => {
    ctx.body = {
      botName: config.BOT_NAME,
      ready: config.wecomConfigured || Boolean(gateway),
      way: gateway ? 'long-connection' : 'callback',
      ...(gateway ? { link: link(gateway) } : {}),
      today: localDate(runtime.clock.now(), config.BOT_TIMEZONE),
      jobs: jobList(),
    };
  });
  router.get('/sandbox/api/people', async (ctx) => {
    ctx.body = await listPeople(runtime.data);
  });
  router.get('/sandbox/api/groups', async (ctx) => {
    ctx.body = await listGroups(runtime.data);
  });

  router.get('/sandbox/api/history', (ctx) => {
    ctx.body = { entries: history.entries(history.session(ctx)) };
  });

  router.post('/sandbox/api/say', async (ctx) => {
    const body = await readJson(ctx);
    const text = withoutMention(String(body.text ?? ''), config.BOT_NAME);
    const person = await findPerson(runtime.data, String(body.userId ?? ''));
    if (!person) return fail(ctx, 400, '请先选择发言人');
    if (!text) return fail(ctx, 400, '消息不能为空');
    const cb = gateway ? undefined : client(ctx);
    if (!cb && !gateway) return fail(ctx, 409, notConfigured);
    await acceptKeys();
    const groupName = typeof body.group === 'string' ? body.group : '';
    const group = groupName ? (await listGroups(runtime.data)).find((g) => g.name === groupName) : undefined;
    if (groupName && !group) return fail(ctx, 400, `没有这个群：${groupName}`);
    const session = history.session(ctx);
    const chat = group ? `group:${group.name}` : `dm:${person.userId}`;
    if (gateway) {
      await bindChatIds();
      const voice = body.voice === true;
      const input = {
        userId: person.userId,
        ...(group ? { chatId: group.chatId } : {}),
        text: group ? `@${config.BOT_NAME} ${text}` : text,
      };
      const p = pushFrame(() => (voice ? gateway.pushVoice(input) : gateway.pushText(input)));
      if (!p) return fail(ctx, 503, offline);
      history.add(session, {
        chat,
        kind: 'user',
        name: person.name,
        text: input.text,
        voice,
        at: Date.now(),
      });
      const { reply, answered } = await streamAnswer(gateway, p);
      recordReply(session, chat, { status: 200, reply });
      ctx.body = { status: 200, reply: reply ?? null, answered };
      return;
    }
    if (!cb) return fail(ctx, 409, notConfigured);
    history.add(session, {
      chat,
      kind: 'user',
      name: person.name,
      text: group ? `@${config.BOT_NAME} ${text}` : text,
      at: Date.now(),
    });
    let res: Awaited<ReturnType<typeof cb.sendText>>;
    if (group) {
      res = await cb.sendText({
        userId: person.userId,
        userName: person.name,
        chatId: group.chatId,
        chatType: 'group',
        webhookKey: group.webhookKey,
        text,
      });
    } else {
      res = await cb.sendText({
        userId: person.userId,
        userName: person.name,
        chatType: 'single',
        webhookKey: directKey(person.userId),
        text,
      });
    }
    recordReply(session, chat, res);
    ctx.body = { status: res.status, reply: res.reply ?? null };
  });

  router.post('/sandbox/api/image', async (ctx) => {
    const body = await readJson(ctx);
    const person = await findPerson(runtime.data, String(body.userId ?? ''));
    if (!person) return fail(ctx, 400, '请先选择发言人');
    const data = Buffer.from(String(body.base64 ?? ''), 'base64');
    if (!data.length || data.length > MAX_IMAGE) return fail(ctx, 400, '图片为空或超过 2MB');
    const cb = gateway ? undefined : client(ctx);
    if (!cb && !gateway) return fail(ctx, 409, notConfigured);
    await acceptKeys();
    const id = randomBytes(12).toString('hex');
    images.set(id, { data, mime: String(body.mime ?? 'image/png') });
    if (images.size > KEPT_IMAGES) images.delete(images.keys().next().value!);
    const session = history.session(ctx);
    const chat = `dm:${person.userId}`;
    history.add(session, {
      chat,
      kind: 'photo',
      name: person.name,
      src: `/sandbox/media/${id}`,
      at: Date.now(),
    });
    if (gateway) {
      const p = pushFrame(() => gateway.pushImage({ userId: person.userId, image: data }));
      if (!p) return fail(ctx, 503, offline);
      const { reply, answered } = await streamAnswer(gateway, p);
      recordReply(session, chat, { status: 200, reply });
      ctx.body = { status: 200, reply: reply ?? null, answered };
      return;
    }
    if (!cb) return fail(ctx, 409, notConfigured);
    const res = await cb.sendImage({
      userId: person.userId,
      imageUrl: `${selfBase(ctx)}/sandbox/media/${id}`,
      webhookKey: directKey(person.userId),
    });
    recordReply(session, chat, res);
    ctx.body = { status: res.status, reply: res.reply ?? null };
  });

  // Plays WeCom's short-lived image URL: the bot fetches the photo from here.
  router.get('/sandbox/media/:id', (ctx) => {
    const img = images.get(ctx.params.id ?? '');
    if (!img) return fail(ctx, 404, 'not found');
    ctx.type = img.mime;
    ctx.body = img.data;
  });

  router.post('/sandbox/api/job', async (ctx) => {
    const body = await readJson(ctx);
    const name = String(body.name ?? '');
    const date = String(body.date ?? '') || localDate(runtime.clock.now(), config.BOT_TIMEZONE);
    if (!isValidDate(date)) return fail(ctx, 400, `日期无效：${date}，应为 YYYY-MM-DD`);
    await acceptKeys();
    if (gateway) await bindChatIds();
    const result = await runJob(name, date);
    if (!result) return fail(ctx, 400, `未知任务：${name}`);
    ctx.body = { status: result.status, text: describeRun(result), period: result.period };
  });

  router.get('/sandbox/api/events', async (ctx) => {
    const after = Number(ctx.query.after ?? 0) || 0;
    const posts = feed.after(after, await keyNames(runtime.data));
    ctx.body = { posts, next: after + posts.length };
  });

  router.get('/sandbox/api/files/:mediaId', (ctx) => {
    const up = feed.file(ctx.params.mediaId ?? '');
    if (!up) return fail(ctx, 404, 'not found');
    ctx.attachment(up.filename);
    ctx.body = up.data;
  });

  // A button pressed on a card the bot sent over the long connection: WeCom's card event goes back.
  router.post('/sandbox/api/press', async (ctx) => {
    if (!gateway) return fail(ctx, 409, '只有长连接方式的沙盒有卡片按钮');
    const body = await readJson(ctx);
    const person = await findPerson(runtime.data, String(body.userId ?? ''));
    if (!person) return fail(ctx, 400, '请先选择发言人');
    const taskId = String(body.taskId ?? '');
    const key = String(body.key ?? '');
    const card = gateway.cards().find((c) => c.taskId === taskId);
    if (!card) return fail(ctx, 400, '没有这张卡片');
    const latest = card.updates.at(-1) ?? card.card;
    const buttons = Array.isArray(latest.button_list)
      ? (latest.button_list as Array<Record<string, unknown>>)
      : [];
    const button = buttons.find((b) => b.key === key);
    if (!button) return fail(ctx, 400, '卡片上没有这个按钮');
    const names = await keyNames(runtime.data);
    const chat = names.get(card.conversation)?.chat ?? `dm:${person.userId}`;
    const p = pushFrame(() => gateway.pressButton({ userId: person.userId, taskId, key }));
    if (!p) return fail(ctx, 503, offline);
    history.add(history.session(ctx), {
      chat,
      kind: 'user',
      name: person.name,
      text: `点击按钮「${String(button.text ?? key)}」`,
      at: Date.now(),
    });
    ctx.body = { status: 200 };
  });
}
