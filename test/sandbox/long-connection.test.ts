/**
 * `npm run sandbox -- --long-connection`, driven through the page's own HTTP API: the page's messages
 * reach the bot as frames from the fake 智能机器人 gateway, and what the bot answers over its long
 * connection — stream replies, cards with buttons, posts to a group that has no webhook, the 通报
 * chart as uploaded media — is what the page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { connectTestStores, type TestServices, testServices } from '../helpers/services.ts';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.ts';

const COUNTY = '县重大项目调度群';
const LEADERS = '县领导调度群';

type Json = Record<string, unknown>;

interface Reply {
  msgtype: string;
  content: string;
}

interface Entry {
  chat: string;
  kind: string;
  text?: string;
  voice?: boolean;
  msg?: Reply;
}

interface Info {
  way: string;
  ready: boolean;
  link: Link;
}

interface Link {
  url: string;
  connected: boolean;
  framesPushed: number;
  streams: number;
  sends: number;
  cards: number;
  uploads: number;
}

interface Post {
  seq: number;
  chat: string;
  via: 'webhook' | 'long-connection';
  msgtype: string;
  content?: string;
  image?: string;
  card?: { taskId: string; title: string; detail?: string; buttons: Array<{ key: string; text: string }> };
}

let svc: TestServices;
let sandbox: SandboxProcess;
let base: string;
let cookie = '';

/** The page's own calls, with the session cookie the page's browser would keep. */
async function api<T = Json>(path: string, body?: Json): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/sandbox/api/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const set = res.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0]!;
  return { status: res.status, json: (await res.json()) as T };
}

const link = async () => (await api<Info>('info')).json.link;
const posts = async (after = 0) => (await api<{ posts: Post[] }>(`events?after=${after}`)).json.posts;
const history = async () => (await api<{ entries: Entry[] }>('history')).json.entries;

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function say(body: Json): Promise<{ reply: Reply | null; answered: boolean }> {
  const res = await api<{ reply: Reply | null; answered: boolean }>('say', body);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

describe('sandbox over the long connection', () => {
  beforeAll(async () => {
    ({ svc } = await connectTestStores());
    sandbox = await startSandboxProcess(svc, {}, ['--long-connection']);
    base = new URL(sandbox.url).origin;
    await until(async () => (await link()).connected, 'the bot connected to the fake gateway');
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('says which way in is active, and the bot holds the connection', async () => {
    expect(sandbox.output()).toMatch(
      /接入方式 \/ way in: +智能机器人长连接（本机模拟网关 ws:\/\/127\.0\.0\.1:\d+）/,
    );
    const info = (await api<Info>('info')).json;
    expect(info.way).toBe('long-connection');
    expect(info.ready).toBe(true);
    expect(info.link.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { longConnection: unknown };
    expect(ready.longConnection).toMatchObject({ status: 'connected', holder: true });
  });

  it('a report typed in the county group goes as a frame and is answered by a stream reply', async () => {
    const before = await link();
    const webhookPosts = (await posts()).filter((p) => p.via === 'webhook').length;
    const res = await say({
      userId: 'zhangwei',
      group: COUNTY,
      text: '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    });
    expect(res.reply?.content).toContain('已记录：贺巴高速公路(忻城段)');
    expect(res.reply?.content).toContain('完成投资1200万元，本年累计32000万元，占年度计划16.0%');
    const after = await link();
    expect(after.framesPushed).toBe(before.framesPushed + 1);
    expect(after.streams).toBe(before.streams + 1);
    // Nothing went by the group robot's webhook: the answer came over the connection.
    expect((await posts()).filter((p) => p.via === 'webhook').length).toBe(webhookPosts);

    const entries = await history();
    const mine = entries.filter((e) => e.chat === `group:${COUNTY}`);
    expect(mine.at(-2)).toMatchObject({
      kind: 'user',
      text: expect.stringContaining('@项目调度助手 进度 贺巴'),
    });
    expect(mine.at(-1)).toMatchObject({ kind: 'reply', msg: { content: expect.stringContaining('已记录') } });
    // The imported group met its chat id, as WeCom's first frame from it would: no stranger group appeared.
    const groups = (await api<Array<{ name: string }>>('groups')).json;
    expect(groups.map((g) => g.name).sort()).toEqual([COUNTY, '交通项目专班群', LEADERS].sort());
  });

  it('a query spoken as voice in the direct chat is answered, saying it was read from voice', async () => {
    const res = await say({ userId: 'zhangwei', text: '查 贺巴', voice: true });
    expect(res.reply?.content).toContain('【贺巴高速公路(忻城段)】');
    expect(res.reply?.content).toContain('本年累计：32000万元');
    expect(res.reply?.content).toMatch(/语音/);
    const entries = await history();
    expect(entries.filter((e) => e.chat === 'dm:zhangwei').at(-2)).toMatchObject({
      kind: 'user',
      text: '查 贺巴',
      voice: true,
    });
  });

  it('an ambiguous query shows a card; pressing a button goes back as a card event', async () => {
    const seen = (await posts()).length;
    const res = await say({ userId: 'zhangwei', text: '查 公路' });
    // Answered on the frame, by a card instead of a stream.
    expect(res).toMatchObject({ reply: null, answered: true });
    const card = await until(
      async () => (await posts(seen)).find((p) => p.card && p.chat === 'dm:zhangwei'),
      'the choice card',
    );
    expect(card.via).toBe('long-connection');
    expect(card.card!.title).toBe('您要查询的是哪个项目？');
    const button = card.card!.buttons.find((b) => b.text.includes('武忻'));
    expect(button).toBeDefined();

    const pressed = await api('press', { userId: 'zhangwei', taskId: card.card!.taskId, key: button!.key });
    expect(pressed.status).toBe(200);
    const answer = await until(
      async () => (await posts(card.seq)).find((p) => p.content?.includes('【武宣至忻城高速公路】')),
      'the answer to the button',
    );
    expect(answer).toMatchObject({ via: 'long-connection', chat: 'dm:zhangwei', msgtype: 'markdown' });
    const updated = await until(
      async () => (await posts(card.seq)).find((p) => p.card?.detail?.includes('已选择')),
      'the answered card',
    );
    expect(updated.card!.taskId).toBe(card.card!.taskId);
    const entries = await history();
    expect(entries.at(-1)).toMatchObject({ kind: 'user', text: `点击按钮「${button!.text}」` });
  });

  it('the 通报 run from the page reaches a group without a webhook over the connection, chart as media', async () => {
    // A county on the long connection alone: this group was never given a robot webhook.
    await GroupModel.updateOne({ name: LEADERS }, { $unset: { webhookKey: 1 } });
    const seen = (await posts()).length;
    const before = await link();
    const run = await api('job', { name: 'bulletin', date: '2021-08-16' });
    expect(run.status).toBe(200);
    expect(run.json.text).toContain('已执行：月通报');

    const chart = await until(
      async () => (await posts(seen)).find((p) => p.chat === `group:${LEADERS}` && p.msgtype === 'image'),
      'the chart in the leaders group',
    );
    expect(chart.via).toBe('long-connection');
    expect(chart.image).toMatch(/^data:image\/png;base64,/);
    const mine = (await posts(seen)).filter((p) => p.chat === `group:${LEADERS}`);
    expect(mine.every((p) => p.via === 'long-connection')).toBe(true);
    expect(mine.some((p) => p.content?.includes('重大项目建设情况通报'))).toBe(true);
    expect((await link()).uploads).toBeGreaterThan(before.uploads);
    // The county group keeps its webhook and gets its copy there.
    const county = (await posts(seen)).filter((p) => p.chat === `group:${COUNTY}`);
    expect(county.length).toBeGreaterThan(0);
    expect(county.every((p) => p.via === 'webhook')).toBe(true);
  });
});

describe('sandbox way in chosen by the environment', () => {
  it('--long-connection still refuses NODE_ENV=production, before any gateway or store is started', async () => {
    await expect(
      startSandboxProcess(testServices(), { NODE_ENV: 'production' }, ['--long-connection']),
    ).rejects.toThrow(/BOT_SANDBOX cannot be enabled when NODE_ENV=production/);
  });

  it('BOT_SANDBOX_LONG_CONNECTION=1 is the same as --long-connection', async () => {
    const other = await startSandboxProcess(svc, { BOT_SANDBOX_LONG_CONNECTION: '1' });
    try {
      const res = await fetch(`${new URL(other.url).origin}/sandbox/api/info`);
      expect(((await res.json()) as Info).way).toBe('long-connection');
      expect(other.output()).toContain('智能机器人长连接');
    } finally {
      await other.stop();
    }
  }, 120_000);
});
