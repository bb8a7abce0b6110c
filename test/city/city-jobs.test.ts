/**
 * The city roll-up through the job runner (issue 16): the city's groups get a city 通报 (one row
 * per county, sectors summed, the city's 10亿-and-more projects, a chart by county); each county's
 * 日报 and 通报 go to its own groups only, covering its own projects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { loadJobContent } from '../../src/schedule/content.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { type RunResult, runJobOnce } from '../../src/schedule/run-once.ts';
import type { JobName } from '../../src/schedule/types.ts';
import { type E2E, MAIN_KEY, settle, startE2E } from '../e2e/harness.ts';
import { CITY_KEY, importSecondCounty, XB_CHAT, XB_KEY } from './second-county.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E({ start: '2021-08-16T02:00:00Z' });
  await loadJobContent();
  await importSecondCounty(h);
  await h.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元');
  await h.say('xb_zhao', '进度 凤凰大道 本月完成投资500万元，累计完成5000万元', {
    chatId: XB_CHAT,
    webhookKey: XB_KEY,
  });
});
afterAll(async () => {
  await h?.close();
});

async function run(name: JobName, date: string): Promise<RunResult> {
  const deps = buildJobDeps({
    config: h.runtime.config,
    log: createLogger('silent'),
    clock: h.clock,
    redis: h.runtime.redis,
    data: h.runtime.data,
    post: notifierPost(h.bot.services.notifier),
  });
  return runJobOnce(jobRegistry.get(name)!, date, deps, { check: 'workday', trigger: 'cli' });
}

const total = () => h.api.sent().length;
const textOf = (key: string, from = 0) =>
  h.api
    .sent(key)
    .slice(from)
    .map((m) => m.content ?? '')
    .join('\n');

describe('county content goes to its own groups', () => {
  it("each county's 日报 covers its own reports, and the city's groups get none", async () => {
    const before = {
      xc: h.api.sent(MAIN_KEY).length,
      xb: h.api.sent(XB_KEY).length,
      city: h.api.sent(CITY_KEY).length,
    };
    expect((await run('daily', '2021-08-16')).status).toBe('done');
    await settle(total, 500);
    const xc = textOf(MAIN_KEY, before.xc);
    const xb = textOf(XB_KEY, before.xb);
    expect(xc).toContain('贺巴高速公路(忻城段)');
    expect(xc).not.toContain('凤凰大道');
    expect(xb).toContain('凤凰大道改扩建工程');
    expect(xb).not.toContain('贺巴');
    expect(h.api.sent(CITY_KEY).length).toBe(before.city);
  });
});

describe('the city 通报', () => {
  it('posts one row per county, the sectors summed, the big projects and a chart by county', async () => {
    const before = {
      xc: h.api.sent(MAIN_KEY).length,
      xb: h.api.sent(XB_KEY).length,
      city: h.api.sent(CITY_KEY).length,
    };
    expect((await run('bulletin', '2021-09-06')).status).toBe('done');
    await settle(total, 800);
    const city = h.api.sent(CITY_KEY).slice(before.city);
    const md = city.map((m) => m.content ?? '').join('\n');
    expect(md).toContain('2021年8月全市重大项目建设情况通报');
    expect(md).toMatch(
      /\*\*忻城县\*\*（\d+个项目）：年度计划\d+万元，本年累计\d+万元，完成率[\d.]+%；红\d+个、黄\d+个、绿\d+个；逾期问题/,
    );
    // 兴宾区: plan 20000 + 5000万元, 5000万元 done by August.
    expect(md).toContain('**兴宾区**（2个项目）：年度计划25000万元，本年累计5000万元，完成率20.0%');
    // 交通 summed: 忻城县's 交通 projects and 凤凰大道 (交通) together.
    expect(md).toMatch(/\*\*交通\*\*（\d+个项目）/);
    expect(md).toContain('凤凰大道改扩建工程（兴宾区');
    expect(md).toContain('贺巴高速公路(忻城段)（忻城县');
    expect(city.some((m) => m.msgtype === 'image')).toBe(true);

    const xb = textOf(XB_KEY, before.xb);
    expect(xb).toContain('兴宾区2021年8月重大项目建设情况通报');
    expect(xb).not.toContain('贺巴');
    expect(xb).not.toContain('全市重大项目建设情况通报');
    const xc = textOf(MAIN_KEY, before.xc);
    expect(xc).not.toContain('凤凰大道');
    expect(xc).not.toContain('全市重大项目建设情况通报');
  });
});
