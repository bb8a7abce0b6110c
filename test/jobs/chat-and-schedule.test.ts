import ExcelJS from 'exceljs';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { agendaCommand as agendaHandler } from '../../handlers/agenda.ts';
import { exportCommand as exportHandler } from '../../handlers/export.ts';
import { summaryCommand as summaryHandler } from '../../handlers/summary.ts';
import { DialogStore } from '../../src/bot/dialog-store.ts';
import type { BotContext } from '../../src/command/context.ts';
import type { Config } from '../../src/config.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { createSummaryService, type SummaryService } from '../../src/jobs/service.ts';
import { createLogger } from '../../src/logger.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { jobRunners } from '../../src/schedule/runners.ts';
import type { JobDeps, JobName, PostTarget } from '../../src/schedule/types.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { contentEnv, seedCounty, TODAY } from './seed.ts';

let env: ReturnType<typeof contentEnv>;
let config: Config;
let redis: Redis;
let summaries: SummaryService;
const log = createLogger('silent');

beforeAll(async () => {
  const stores = await connectTestStores();
  redis = stores.redis;
  config = testConfig(stores.svc);
  env = contentEnv(config, stores.data);
  summaries = createSummaryService({
    config,
    clock: env.clock,
    log,
    data: stores.data,
    calendar: async () => env.calendar,
  });
  await seedCounty(stores.data);
});

function ctx(): BotContext<{ summaries: SummaryService }> {
  return {
    msg: {
      msgId: 'm1',
      channel: 'robot',
      chatId: 'chat1',
      chatType: 'group',
      userId: 'liqiang',
      kind: 'text',
      imageUrls: [],
      receivedAt: env.clock.now(),
    },
    config,
    clock: env.clock,
    log,
    redis,
    dialogs: new DialogStore(redis, config.REDIS_KEY_PREFIX),
    actor: { userId: 'liqiang', roles: ['县领导'] },
    actorName: '李强',
    today: TODAY,
    services: { summaries },
    commands: [],
  };
}

const contents = (rs: Reply[]) =>
  rs.map((r) => (r.type === 'text' || r.type === 'markdown' ? r.content : r.type));

describe('chat commands', () => {
  it('日报 / 周报 / 月报 answer with what the scheduler builds', async () => {
    const daily = await summaryHandler.run(ctx(), {
      intent: 'summary',
      text: '日报',
      kind: 'daily',
      date: TODAY,
    });
    expect(daily).toEqual(await summaries.daily(TODAY));
    expect(contents(daily)[0]).toContain('重大项目日调度 2021年8月16日');
    const weekly = await summaryHandler.run(ctx(), {
      intent: 'summary',
      text: '周报',
      kind: 'weekly',
      date: TODAY,
    });
    expect(contents(weekly)[0]).toContain('2021年第33周');
    const monthly = await summaryHandler.run(ctx(), {
      intent: 'summary',
      text: '月报 7月',
      kind: 'monthly',
      date: TODAY,
      month: '2021-07',
    });
    expect(contents(monthly)[0]).toContain('## 2021年7月重大项目月调度');
  });

  it('通报 without a month is the previous month’s, with its chart', async () => {
    const replies = await summaryHandler.run(ctx(), {
      intent: 'summary',
      text: '通报',
      kind: 'bulletin',
      date: TODAY,
    });
    expect(replies.map((r) => r.type)).toEqual(['markdown', 'image']);
    expect(contents(replies)[0]).toContain('## 2021年7月重大项目建设情况通报');
    const named = await summaryHandler.run(ctx(), {
      intent: 'summary',
      text: '通报 8月',
      kind: 'bulletin',
      date: TODAY,
      month: '2021-08',
    });
    expect(contents(named)[0]).toContain('## 2021年8月重大项目建设情况通报');
  });

  it('导出 台账 sends the month’s workbook as a file', async () => {
    const [reply] = await exportHandler.run(ctx(), {
      intent: 'export',
      text: '导出 台账 8月',
      what: 'ledger',
      month: '2021-08',
    });
    if (reply?.type !== 'file') throw new Error(`expected a file, got ${reply?.type}`);
    expect(reply.filename).toBe('统计台账-2021-08.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(reply.data as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('统计台账')!;
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('合计');
    expect(ws.getRow(ws.rowCount).getCell(8).value).toBe(32_200 + 100 + 8_000 + 500);
  });

  it('协调会 议程 drafts the agenda', async () => {
    const replies = await agendaHandler.run(ctx(), { intent: 'agenda', text: '协调会 议程' });
    expect(replies).toEqual(await summaries.agenda(TODAY));
    expect(contents(replies)[0]).toContain('三江口(忻城)茧丝绸产业园');
  });
});

describe('scheduled runs', () => {
  function deps(posts: Array<{ target: PostTarget; reply: Reply }>): JobDeps {
    return {
      config,
      clock: env.clock,
      log,
      redis,
      data: env.data,
      post: async (target, reply) => {
        posts.push({ target, reply });
        return 2;
      },
      calendar: async () => env.calendar,
      instanceId: 'test',
    };
  }
  const runners = jobRunners();
  const definition = (name: JobName) => ({ ...defaultJobs().get(name)!, run: runners[name] });

  it('the monthly reminder day posts the reminder to 月报 groups, once per period', async () => {
    const posts: Array<{ target: PostTarget; reply: Reply }> = [];
    // Deadline the 25th (Wednesday): the reminders fall on the 20th, 23rd and 24th.
    const first = await runJobOnce(definition('monthly'), '2021-08-20', deps(posts));
    expect(first).toMatchObject({ status: 'done', phase: 'reminder', outcome: { posted: 2 } });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.target).toEqual({ subscription: '月报' });
    expect(posts[0]!.reply).toMatchObject({ type: 'text', mentions: ['liuyang', 'wangfang'] });
    const again = await runJobOnce(definition('monthly'), '2021-08-20', deps(posts));
    expect(again.status).toBe('already-done');
    expect(posts).toHaveLength(1);
  });

  it('the weekly job posts the 周报 and the reminder to the 周报 groups on Friday, once', async () => {
    const posts: Array<{ target: PostTarget; reply: Reply }> = [];
    const r = await runJobOnce(definition('weekly'), '2021-08-20', deps(posts));
    expect(r).toMatchObject({ status: 'done', period: '2021-W33', outcome: { posted: 4 } });
    expect(posts.map((p) => [p.target.subscription, p.reply.type])).toEqual([
      ['周报', 'markdown'],
      ['周报', 'text'],
    ]);
    const md = contents([posts[0]!.reply])[0]!;
    expect(md).toContain('## 重大项目周报告 2021年第33周（8月16日—8月22日）');
    // One report received in the week: 贺巴高速's August report on Monday the 16th.
    expect(md).toContain('本周收到进度报送 1 条。');
    expect(md).toContain('- 县经贸局：联系项目2个，本周报送0个');
    expect(posts[1]!.reply).toMatchObject({ type: 'text', mentions: ['liuyang', 'wangfang'] });
    expect((await runJobOnce(definition('weekly'), '2021-08-20', deps(posts))).status).toBe('already-done');
    expect(posts).toHaveLength(2);
  });

  it('the monthly job rolls the month up on the first working day after the deadline, to the 月报 groups', async () => {
    const posts: Array<{ target: PostTarget; reply: Reply }> = [];
    // Deadline Wednesday the 25th: the roll-up runs on Thursday the 26th.
    const r = await runJobOnce(definition('monthly'), '2021-08-26', deps(posts));
    expect(r).toMatchObject({ status: 'done', phase: 'rollup', month: '2021-08', outcome: { posted: 2 } });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.target).toEqual({ subscription: '月报' });
    const md = contents([posts[0]!.reply])[0]!;
    expect(md).toContain('## 2021年8月重大项目月调度');
    // August: 贺巴 1200万 (本年累计32200万), 金泰 100万; July's figures stand for 福六 (500万) and 茧丝绸 (8000万).
    expect(md).toContain('全县5个项目，2个已报送本月进度。本月完成投资**1300万元**，本年累计**40800万元**');
    expect(md).toContain('**贺巴高速公路(忻城段)**：本月1200万元，本年累计32200万元');
    expect(md).toContain(
      '**广西来宾市忻城县福六水库工程**<font color="comment">（本月未报送）</font>：本月0万元，本年累计500万元',
    );
  });

  it('each job posts to its subscription', async () => {
    const cases: Array<[JobName, string, string]> = [
      ['daily', TODAY, '日报'],
      ['bulletin', '2021-09-06', '通报'],
      ['reminders', TODAY, '提醒'],
      ['escalations', TODAY, '提醒'],
    ];
    for (const [name, date, subscription] of cases) {
      const posts: Array<{ target: PostTarget; reply: Reply }> = [];
      const r = await runJobOnce(definition(name), date, deps(posts), { check: 'none' });
      expect(r.status, name).toBe('done');
      expect(posts.length, name).toBeGreaterThan(0);
      expect(new Set(posts.map((p) => p.target.subscription)), name).toEqual(new Set([subscription]));
    }
  });
});
