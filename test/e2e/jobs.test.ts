/**
 * Scheduled jobs inside the running bot (the path the scheduler of `npm start` takes): runJobOnce
 * with the bot's own sender, posting through the outbound queue to the fake WeCom API. The
 * `npm run job` process path is in process.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { loadJobContent } from '../../src/schedule/content.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { type RunResult, runJobOnce } from '../../src/schedule/run-once.ts';
import type { JobName } from '../../src/schedule/types.ts';
import { type E2E, settle, startE2E, until } from './harness.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
  await loadJobContent();
  await h.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元');
  await h.say('zhangwei', '进度 武忻高速 本月完成投资800万元');
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

describe('jobs through the bot', () => {
  it('daily on a working day posts to the 日报 groups once; a second run posts nothing', async () => {
    const first = await run('daily', '2021-08-16');
    expect(first.status).toBe('done');
    await until(() => h.api.sent('demo-key-2').length > 0, 10_000, 'daily to demo-key-2');
    await until(() => h.api.sent('demo-key-1').length > 0, 10_000, 'daily to demo-key-1');
    await settle(total);
    const text = h.api
      .sent('demo-key-1')
      .map((m) => m.content)
      .join('\n');
    expect(text).toContain('日调度 2021年8月16日');
    expect(text).toContain('贺巴高速公路(忻城段)');
    expect(h.api.sent('demo-key-3')).toHaveLength(0);

    const n = total();
    const second = await run('daily', '2021-08-16');
    expect(second.status).toBe('already-done');
    await settle(total, 400);
    expect(total()).toBe(n);
  });

  it('daily on a day off posts nothing', async () => {
    const n = total();
    const r = await run('daily', '2021-10-01');
    expect(r.status).not.toBe('done');
    await settle(total, 400);
    expect(total()).toBe(n);
  });

  it('the monthly reminder @-mentions the contacts who have not reported, and not those who have', async () => {
    const before = h.api.sent('demo-key-1').length;
    const r = await run('monthly', '2021-08-20');
    expect(r.status).toBe('done');
    await until(() => h.api.sent('demo-key-1').length > before, 10_000, 'monthly reminder');
    await settle(total);
    const posted = h.api.sent('demo-key-1').slice(before);
    const mentions = new Set(posted.flatMap((m) => m.mentions));
    for (const contact of ['liuna', 'yangfan', 'zhoujie', 'wuting', 'sunli']) {
      expect(mentions.has(contact), contact).toBe(true);
    }
    // zhangwei reported both of his projects under construction (贺巴, 武忻); the other two are 前期.
    expect(mentions.has('zhangwei')).toBe(false);
  });

  it('bulletin posts markdown and a chart image to the 通报 groups', async () => {
    const r = await run('bulletin', '2021-09-06');
    expect(r.status).toBe('done');
    await until(() => h.api.sent('demo-key-3').some((m) => m.msgtype === 'image'), 15_000, 'bulletin image');
    const posted = h.api.sent('demo-key-3');
    expect(posted.some((m) => m.msgtype === 'markdown' && (m.content ?? '').includes('2021年8月'))).toBe(
      true,
    );
    expect(h.api.sent('demo-key-2').some((m) => m.msgtype === 'image')).toBe(false);
  });
});
