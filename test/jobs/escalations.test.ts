import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { createServices } from '../../src/bot/services.ts';
import { createDispatcher } from '../../src/bot/wire.ts';
import type { Config } from '../../src/config.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { buildAgenda } from '../../src/jobs/agenda.ts';
import { runEscalations, workdaysOverdue } from '../../src/jobs/escalations.ts';
import { buildReminders } from '../../src/jobs/reminders.ts';
import { createLogger } from '../../src/logger.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { contentEnv, type SeededProblems, seedCounty, TODAY } from './seed.ts';

let env: ReturnType<typeof contentEnv>;
let seeded: SeededProblems;
let redis: Redis;
let config: Config;
const log = createLogger('silent');

beforeAll(async () => {
  const stores = await connectTestStores();
  redis = stores.redis;
  config = testConfig(stores.svc);
  env = contentEnv(config, stores.data);
  seeded = await seedCounty(env.data);
});

const content = (r: Reply | undefined) =>
  r && (r.type === 'text' || r.type === 'markdown') ? r.content : '';
const mentions = (r: Reply | undefined) =>
  r && (r.type === 'text' || r.type === 'markdown') ? r.mentions : undefined;

describe('到期提醒', () => {
  it('names approvals and problem deadlines due within DUE_SOON_DAYS, flags overdue ones, @-mentions who acts', async () => {
    const replies = await buildReminders(env, TODAY);
    expect(replies).toHaveLength(1);
    const text = content(replies[0]);
    // 用地报批 on the 18th is within 3 days; 环评批复 on the 30th is not.
    expect(text).toContain('贺巴高速公路(忻城段) 用地报批：2021年8月18日前（还有2天）');
    expect(text).not.toContain('环评批复');
    expect(text).toContain(`#${seeded.raisedToday} `);
    expect(text).toMatch(new RegExp(`#${seeded.overdue} .*（逾期6天）｜请蒙局长办理`));
    // 配套资金 is due on 2021-09-30: not yet.
    expect(text).not.toContain(`#${seeded.tier3} `);
    expect(mentions(replies[0])).toEqual(expect.arrayContaining(['zhangwei', 'jthead', 'zrhead', 'czhead']));

    // One 逾期提醒 history entry per overdue problem and day, even when run twice.
    await buildReminders(env, TODAY);
    const p = await ProblemModel.findOne({ no: seeded.overdue }).lean();
    expect(p!.history.filter((h) => h.action === 'remind')).toHaveLength(1);
  });

  it('says nothing when nothing falls due', async () => {
    expect(await buildReminders(env, '2021-06-01')).toEqual([]);
  });

  it('stops reminding an approval once 批复 in chat says it is done', async () => {
    const services = createServices({
      config: config,
      clock: env.clock,
      log,
      data: env.data,
      send: async () => {},
    });
    const app = createDispatcher({ config: config, clock: env.clock, log, redis, services });
    const replies = await app.dispatch({
      msgId: 'pifu-1',
      channel: 'robot',
      chatId: 'chat-jobs',
      chatType: 'group',
      userId: 'zhangwei',
      kind: 'text',
      text: '@项目调度助手 批复 贺巴高速 用地报批',
      imageUrls: [],
      receivedAt: env.clock.now(),
    });
    expect(content(replies[0])).toContain('已记录批复：贺巴高速公路(忻城段) 用地报批，2021年8月16日取得。');
    const project = await ProjectModel.findOne({ code: 'XC-001' }).lean();
    expect(project!.approvals[0]).toMatchObject({ name: '用地报批', doneAt: '2021-08-16' });
    const text = content((await buildReminders(env, TODAY))[0]);
    expect(text).not.toContain('用地报批');
    // The other reminders are still there.
    expect(text).toContain(`#${seeded.raisedToday} `);
  });
});

describe('逾期升级', () => {
  it('counts working days after the deadline', () => {
    // 2021-08-10 (Tue) → 11, 12, 13, 16 are working days up to Monday the 16th.
    expect(workdaysOverdue('2021-08-10', TODAY, env.calendar)).toBe(4);
    expect(workdaysOverdue('2021-08-13', TODAY, env.calendar)).toBe(1);
    // National Day: 2021-09-30 deadline, 10-01..10-07 off, 10-09 (Sat) is a make-up working day.
    expect(workdaysOverdue('2021-09-30', '2021-10-09', env.calendar)).toBe(2);
  });

  it('moves a problem overdue beyond ESCALATE_AFTER_DAYS one tier up, once, and notifies the new tier', async () => {
    const replies = await runEscalations(env, TODAY);
    expect(replies).toHaveLength(1);
    const text = content(replies[0]);
    expect(text).toContain(
      `#${seeded.overdue} 贺巴高速公路(忻城段) 那湾村3户未签约：一级（项目业主与联系单位） → 二级（联系县领导），已逾期4个工作日`,
    );
    expect(text).not.toContain(`#${seeded.recentlyOverdue} `);
    // Tier 2 is the project's county leader; the unit head is told too.
    expect(mentions(replies[0])).toEqual(expect.arrayContaining(['liqiang', 'zrhead']));

    const after = await ProblemModel.findOne({ no: seeded.overdue }).lean();
    expect(after!.tier).toBe(2);
    const escalations = after!.history.filter((h) => h.action === 'escalate');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ by: 'system', from: 1, to: 2 });
    expect((await ProblemModel.findOne({ no: seeded.recentlyOverdue }).lean())!.tier).toBe(1);

    // Same day again, and the next working day: the same overdue stretch is not escalated twice.
    expect(await runEscalations(env, TODAY)).toEqual([]);
    expect(await runEscalations(env, '2021-08-17')).toEqual([]);
    const again = await ProblemModel.findOne({ no: seeded.overdue }).lean();
    expect(again!.tier).toBe(2);
    expect(again!.history.filter((h) => h.action === 'escalate')).toHaveLength(1);
  });

  it('escalates again after a new deadline passes', async () => {
    await ProblemModel.updateOne({ no: seeded.overdue }, { $set: { deadline: '2021-08-20' } });
    // One working day past the new deadline: not yet (other problems, further overdue, do move).
    env.clock = { now: () => new Date('2021-08-23T09:30:00+08:00') };
    expect(content((await runEscalations(env, '2021-08-23'))[0])).not.toContain(`#${seeded.overdue} `);
    env.clock = { now: () => new Date('2021-08-26T09:30:00+08:00') };
    const replies = await runEscalations(env, '2021-08-26');
    expect(content(replies[0])).toContain(`#${seeded.overdue} `);
    expect((await ProblemModel.findOne({ no: seeded.overdue }).lean())!.tier).toBe(3);
  });
});

describe('协调会议程', () => {
  it('drafts the agenda from open tier-3 problems grouped by project, with unit and age', async () => {
    const [reply] = await buildAgenda(env, TODAY);
    const md = content(reply);
    expect(md).toContain('## 县重大项目协调领导小组协调会议程（草案）');
    // Only the tier-3 problem; #overdue reached tier 3 in the previous test and joins it.
    expect(md).toContain('**一、贺巴高速公路(忻城段)**');
    expect(md).toContain('**二、三江口(忻城)茧丝绸产业园**');
    expect(md).toContain(
      `- #${seeded.tier3}【资金】配套资金缺口2000万元（责任单位：县财政局，<font color="warning">已46天</font>，时限9月30日）`,
    );
    expect(md).not.toContain(`#${seeded.raisedToday}`);
    expect(md).toContain('共2个项目、2个问题');
  });
});
