/**
 * Long messages through the real outbound queue and the fake WeCom API: a county's 通报 reaches each
 * group as a few messages and a file instead of dozens of pieces, and a key WeCom rejects (93000)
 * costs one attempt per message, not one per piece.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { countyWorkbook, seedHistory } from '../../scripts/bench/county.ts';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { createLogger } from '../../src/logger.ts';
import { fullTextFile } from '../../src/outbound/long-message.ts';
import { createOutbound, type Outbound } from '../../src/outbound/outbound.ts';
import { replyToBodies } from '../../src/outbound/split.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { jobRunners } from '../../src/schedule/runners.ts';
import type { JobDeps } from '../../src/schedule/types.ts';
import { createNotifier } from '../../src/services/notifier.ts';
import { type FakeWecomApi, startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

const stores = await connectTestStores();
/** A county big enough that its 通报 splits into many more pieces than a group should get. */
const PROJECTS = 300;
let api: FakeWecomApi;
let out: Outbound;
let config: Config;
const logLines: Array<{ level: string; msg: string; unsent?: number; errcode?: number }> = [];
const log = createLogger('debug', { write: (l: string) => logLines.push(JSON.parse(l)) });

async function until(cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  api = await startFakeWecomApi();
  config = testConfig(stores.svc, { WECOM_API_BASE: api.base });
  expect(config.MESSAGE_MAX_PIECES).toBe(3);
  out = createOutbound({ config, log, data: stores.data, retryBaseMs: 50, retryMaxMs: 400 });
  await out.start();
});

afterAll(async () => {
  await out.stop();
  await api.close();
});

describe('long messages', () => {
  it('posts a 300-project 通报 to each 通报 group as two pieces and the whole text as a file, then the chart', async () => {
    const { buffer } = await countyWorkbook(PROJECTS);
    const imported = await importWorkbook(stores.data, buffer, { actor: 'test' });
    expect(imported.errors).toEqual([]);
    await seedHistory(PROJECTS, 300, () => {});
    await stores.data.figures.rebuildAll();
    // The synthetic county's two groups both subscribe to 通报.
    for (const key of ['bench-key-1', 'bench-key-2']) api.addKey(key);

    const notifier = createNotifier({ send: (t, r, o) => out.send(t, r, o), log, data: stores.data });
    const posted: Reply[] = [];
    const toGroups = notifierPost(notifier);
    const deps: JobDeps = {
      config,
      clock: new FixedClock('2024-01-05T09:00:00+08:00'),
      log,
      redis: stores.redis,
      data: stores.data,
      instanceId: 'test',
      calendar: async () => createWorkCalendar([], log),
      post: async (target, reply, meta) => {
        posted.push(reply);
        return toGroups(target, reply, meta);
      },
    };
    const bulletin = { ...defaultJobs().get('bulletin')!, run: jobRunners().bulletin };
    const run = await runJobOnce(bulletin, '2024-01-05', deps);
    expect(run.status).toBe('done');
    expect(posted.map((r) => r.type)).toEqual(['markdown', 'image']);
    const full = posted[0] as Extract<Reply, { type: 'markdown' }>;
    const wholePieces = replyToBodies(full).length;
    expect(wholePieces).toBeGreaterThan(5);

    await until(async () => (await out.pending()) === 0);
    for (const key of ['bench-key-1', 'bench-key-2']) {
      const sent = api.sent(key);
      // Before: wholePieces + 2 messages to each group; now 3, then the chart's caption and image.
      expect(
        sent.map((m) => m.msgtype),
        key,
      ).toEqual(['markdown', 'markdown', 'file', 'text', 'image']);
      expect(sent[0]!.content).toMatch(/^## 2023年12月重大项目建设情况通报\n/);
      expect(sent[1]!.content).toMatch(/完整内容见随后发送的文件「2023年12月重大项目建设情况通报\.txt」）$/);
      // The pieces are the beginning of the 通报, line for line.
      const shown = [sent[0]!.content, sent[1]!.content].join('\n').split('\n').slice(0, -1);
      expect(full.content.startsWith(shown.join('\n'))).toBe(true);
      const [upload, ...more] = api.uploads().filter((u) => u.key === key);
      expect(more).toHaveLength(0);
      expect(upload!.filename).toBe('2023年12月重大项目建设情况通报.txt');
      expect(upload!.data.equals(fullTextFile(full).data)).toBe(true);
      expect(upload!.data.toString('utf8').split('\r\n').length).toBe(full.content.split('\n').length + 1);
    }
    expect(
      logLines.filter((l) => l.msg === 'long message: first pieces sent, the whole text as a file'),
    ).toHaveLength(2);
  }, 120_000);

  it('stops the rest of a message at once when WeCom rejects its key (93000), and says so once', async () => {
    await GroupModel.create({ name: '已移除机器人的群', chatId: 'wrGONE', webhookKey: 'k-removed' });
    const content = Array.from({ length: 400 }, (_, i) => `第${i + 1}行：本月完成投资1200万元`).join('\n');
    await out.send(
      { webhookKey: 'k-removed' },
      { type: 'text', content, mentions: ['zhangwei'] },
      { id: 'gone' },
    );
    await until(async () => (await out.pending()) === 0);
    // One call to WeCom for the whole message: its other piece and its file were not tried.
    expect(api.attempts().filter((a) => a.key === 'k-removed')).toHaveLength(1);
    expect(api.uploads().filter((u) => u.key === 'k-removed')).toHaveLength(0);
    expect((await GroupModel.findOne({ chatId: 'wrGONE' }).lean())?.webhookBrokenAt).toBeInstanceOf(Date);
    const errors = logLines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ errcode: 93000, unsent: 2 });
    expect(errors[0]!.msg).toMatch(/the other 2 piece\(s\) of this message are not tried/);
    expect(logLines.filter((l) => /piece not tried/.test(l.msg))).toHaveLength(2);

    // Another message to that key is its own try: one attempt, one log line.
    await out.send({ webhookKey: 'k-removed' }, { type: 'text', content: '短消息' }, { id: 'gone-2' });
    await until(async () => (await out.pending()) === 0);
    expect(api.attempts().filter((a) => a.key === 'k-removed')).toHaveLength(2);
    expect(logLines.filter((l) => l.level === 'error')).toHaveLength(2);
  });
});
