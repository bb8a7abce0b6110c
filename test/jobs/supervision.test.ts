/**
 * 红黄绿 → 督办 through the bulletin job runner: a project 红 in two consecutive posted monthly 通报
 * gets one 督办事项 for its 牵头单位 at tier 2 with its 联系县领导 @-mentioned; the 通报 says which
 * were made; never a second one while that one is open; a new one once it is closed and the project
 * is 红 twice again. Only colours a posted 通报 showed count. The seeded county (test/jobs/seed.ts):
 * in July 福六水库 (missed its planned start) and 金泰医疗 (2% of plan) are 红; in August 福六水库,
 * 茧丝绸 and 金泰医疗 are.
 */
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { createSummaryService } from '../../src/jobs/service.ts';
import { createLogger } from '../../src/logger.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { jobRunners } from '../../src/schedule/runners.ts';
import type { JobDeps } from '../../src/schedule/types.ts';
import { createProblemService } from '../../src/services/problems.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { contentEnv, seedCounty } from './seed.ts';

let env: ReturnType<typeof contentEnv>;
let config: Config;
let redis: Redis;
const log = createLogger('silent');
const definition = {
  ...defaultJobs().get('bulletin')!,
  run: jobRunners({ renderChart: () => Buffer.from('png') }).bulletin,
};

beforeAll(async () => {
  const stores = await connectTestStores();
  redis = stores.redis;
  config = testConfig(stores.svc);
  env = contentEnv(config, stores.data);
  await seedCounty(stores.data);
});

async function bulletinJob(date: string, force = false): Promise<Reply[]> {
  const posts: Reply[] = [];
  const deps: JobDeps = {
    config,
    clock: new FixedClock(`${date}T09:00:00+08:00`),
    log,
    redis,
    data: env.data,
    post: async (_target, reply) => {
      posts.push(reply);
      return 1;
    },
    calendar: async () => env.calendar,
    instanceId: 'test',
  };
  const r = await runJobOnce(definition, date, deps, { check: 'none', force });
  expect(r.status).toBe('done');
  return posts;
}

const content = (r: Reply | undefined) =>
  r && (r.type === 'text' || r.type === 'markdown') ? r.content : '';
const ragTasks = () => ProblemModel.find({ origin: 'rag' }).sort({ no: 1 }).lean();

describe('红黄绿 → 督办', () => {
  it('makes nothing while the previous month has no posted 通报, and says why', async () => {
    // July's 通报 (posted in August): June was never posted by this store.
    const posts = await bulletinJob('2021-08-05');
    expect(await ragTasks()).toHaveLength(0);
    const md = content(posts.find((p) => p.type === 'markdown'));
    expect(md).toContain('2021年6月通报的红黄绿未留存：连续两个月红色项目的督办从下月通报起执行。');
    expect(md).not.toContain('七、连续两个月红色项目督办');
    const july = await env.data.standings.get('2021-07');
    expect(Object.fromEntries(july!.colours)).toMatchObject({
      'XC-002': '红',
      'XC-004': '红',
      'XC-003': '黄',
    });
    expect(await env.data.standings.get('2021-06')).toBeNull();
  });

  it('makes one tier-2 督办事项 per project 红 in the July and August 通报, for its 牵头单位, and says so', async () => {
    const posts = await bulletinJob('2021-09-06');
    const tasks = await ragTasks();
    expect(tasks.map((t) => t.projectCode)).toEqual(['XC-002', 'XC-004']);
    for (const t of tasks) {
      expect(t).toMatchObject({
        kind: 'task',
        tier: 2,
        status: 'open',
        raisedBy: 'system',
        sourceMsgId: `job:bulletin:2021-08:${t.projectCode}`,
        // 10 working days of 其他 from Monday 6 September: the 10th is Saturday the 18th, a 中秋 make-up day.
        deadline: '2021-09-18',
      });
    }
    expect(tasks[0]).toMatchObject({ unitName: '县水利局' });
    expect(tasks[1]).toMatchObject({ unitName: '县经贸局' });
    expect(tasks[0]!.description).toContain('2021年7月、2021年8月连续两个月通报为红色');

    const md = content(posts.find((p) => p.type === 'markdown'));
    expect(md).toContain('**七、连续两个月红色项目督办**（2021年7月、2021年8月）');
    expect(md).toContain(`广西来宾市忻城县福六水库工程：已派发督办事项 #${tasks[0]!.no}，承办单位县水利局`);
    expect(md).toContain(`金泰医疗健康智能制造生态园：已派发督办事项 #${tasks[1]!.no}，承办单位县经贸局`);
    expect(md).not.toContain('未留存');
    // The text notice @-mentions each project's 联系县领导.
    const notice = posts.find((p) => p.type === 'text' && p.content.startsWith('【红色项目督办】'));
    expect(notice?.type === 'text' && notice.mentions).toEqual(['liqiang', 'huangli']);
    const aug = await env.data.standings.get('2021-08');
    expect(aug!.made.map((m) => m.no)).toEqual(tasks.map((t) => t.no));
  });

  it('run again for the same month (--force) makes nothing new and reports the same 督办事项', async () => {
    const before = await ragTasks();
    const posts = await bulletinJob('2021-09-06', true);
    expect(await ragTasks()).toHaveLength(before.length);
    const md = content(posts.find((p) => p.type === 'markdown'));
    for (const t of before) expect(md).toContain(`已派发督办事项 #${t.no}`);
  });

  it('a 通报 asked for in chat shows what the job made and makes nothing', async () => {
    const before = await ragTasks();
    const summaries = createSummaryService({
      config,
      clock: env.clock,
      log,
      data: env.data,
      calendar: async () => env.calendar,
    });
    const replies = await summaries.bulletin('2021-08', '2021-09-07');
    expect(content(replies[0])).toContain(`已派发督办事项 #${before[0]!.no}`);
    expect(replies.some((r) => r.type === 'text')).toBe(false);
    const sept = await summaries.bulletin('2021-09', '2021-10-08');
    expect(content(sept[0])).not.toContain('连续两个月红色项目督办');
    expect(await ragTasks()).toHaveLength(before.length);
    expect(await env.data.standings.get('2021-09')).toBeNull();
  });

  it('never makes a second one while the first is open; makes a new one after it is closed', async () => {
    const [fuliu, jintai] = await ragTasks();
    // September: both still 红 (August was 红 too): the open 督办事项 stand, none made.
    const sept = content((await bulletinJob('2021-10-08')).find((p) => p.type === 'markdown'));
    expect(sept).toContain(`广西来宾市忻城县福六水库工程：督办事项 #${fuliu!.no} 仍在办理，未重复派发`);
    expect(sept).toContain(`金泰医疗健康智能制造生态园：督办事项 #${jintai!.no} 仍在办理，未重复派发`);
    // 茧丝绸 was 黄 in July and 红 in August and September: its first 督办事项 is made now.
    const afterSept = await ragTasks();
    expect(afterSept.map((t) => t.projectCode)).toEqual(['XC-002', 'XC-004', 'XC-003']);

    const problems = createProblemService({ clock: env.clock, data: env.data, config });
    await problems.resolve(fuliu!.no, { by: 'office1', note: '已制定整改方案' });
    const oct = content((await bulletinJob('2021-11-05')).find((p) => p.type === 'markdown'));
    const afterOct = await ragTasks();
    const fresh = afterOct.filter((t) => t.projectCode === 'XC-002' && t.status === 'open');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.no).not.toBe(fuliu!.no);
    expect(oct).toContain(`广西来宾市忻城县福六水库工程：已派发督办事项 #${fresh[0]!.no}`);
  });
});
