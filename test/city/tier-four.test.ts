/**
 * Tier 4 (市重大项目协调会), through the callback path and the escalation job (issue 16): a tier-3
 * problem escalated to tier 4 is posted, with its county, to the city's groups that subscribe to
 * 提醒; the 市重大办 may assign and resolve it from the city group; the county's groups see the
 * outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { createLogger } from '../../src/logger.ts';
import { loadJobContent } from '../../src/schedule/content.ts';
import { buildJobDeps } from '../../src/schedule/job-deps.ts';
import { notifierPost } from '../../src/schedule/post.ts';
import { jobRegistry } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { type E2E, MAIN_KEY, settle, startE2E, until } from '../e2e/harness.ts';
import { CITY_CHAT, CITY_KEY, importSecondCounty, XB_CHAT, XB_KEY } from './second-county.ts';

let h: E2E;
const inXingbin = { chatId: XB_CHAT, webhookKey: XB_KEY };
const inCity = { chatId: CITY_CHAT, webhookKey: CITY_KEY };
const total = () => h.api.sent().length;
const textOf = (key: string, from: number) =>
  h.api
    .sent(key)
    .slice(from)
    .map((m) => m.content ?? '')
    .join('\n');

beforeAll(async () => {
  h = await startE2E();
  await loadJobContent();
  await importSecondCounty(h);
});
afterAll(async () => {
  await h?.close();
});

async function raiseInXingbin(text: string): Promise<number> {
  const raised = await h.say('xb_zhao', text, inXingbin);
  const no = Number(/#(\d+)/.exec(raised.text)?.[1]);
  expect(no, raised.text).toBeGreaterThan(0);
  return no;
}

describe('a problem escalated to tier 4', () => {
  it('is posted with its county to the city groups, and the 市重大办 assigns and resolves it', async () => {
    const no = await raiseInXingbin('问题 凤凰大道 用地：用地指标不足，需县自然资源局协调');
    for (const tier of [2, 3]) {
      const r = await h.say('xb_office', `升级 #${no} 县里协调不了`, inXingbin);
      expect(r.text).not.toContain('没有权限');
      expect((await ProblemModel.findOne({ no }).lean())?.tier).toBe(tier);
    }
    const cityBefore = h.api.sent(CITY_KEY).length;
    const up = await h.say('xb_office', `升级 #${no} 需市级统筹用地指标`, inXingbin);
    expect(up.text).toContain('市重大项目协调会');
    expect(up.text).toContain('请市重大办李市协调');
    await until(() => h.api.sent(CITY_KEY).length > cityBefore, 10_000, 'tier-4 notice to the city');
    const cityNotice = h.api.sent(CITY_KEY).slice(cityBefore);
    expect(cityNotice.map((m) => m.content).join('\n')).toContain(`【兴宾区】问题 #${no} 已由`);
    expect(cityNotice.flatMap((m) => m.mentions)).toContain('city_li');
    // 忻城县's groups are not told about 兴宾区's problem.
    expect(textOf(MAIN_KEY, 0)).not.toContain(`#${no} `);

    const xbBefore = h.api.sent(XB_KEY).length;
    const assigned = await h.say('city_li', `交办 #${no} 县自然资源局 9月30日前`, inCity);
    expect(assigned.text).not.toContain('没有权限');
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored?.unitName).toBe('县自然资源局');
    expect(stored?.deadline).toBe('2021-09-30');
    // The 兴宾区 unit's head, not 忻城县's.
    expect(assigned.mentions).toContain('xb_wang');
    const done = await h.say('city_li', `办结 #${no} 市里已调剂用地指标`, inCity);
    expect(done.text).not.toContain('没有权限');
    expect((await ProblemModel.findOne({ no }).lean())?.status).toBe('resolved');
    await until(() => textOf(XB_KEY, xbBefore).includes('市里已调剂用地指标'), 10_000, 'outcome in 兴宾区');
    expect(textOf(XB_KEY, xbBefore)).toContain(`#${no}`);
  });

  it("refuses another county's 重大办 on a tier-4 problem", async () => {
    const no = await raiseInXingbin('问题 兴宾茧丝绸 资金：配套资金缺口');
    await ProblemModel.updateOne({ no }, { $set: { tier: 4 } });
    const other = await h.say('huangmin', `办结 #${no} 已解决`, inCity);
    expect(other.text).toContain('该事项属于兴宾区，您登记在忻城县');
    expect((await ProblemModel.findOne({ no }).lean())?.status).toBe('open');
  });

  it('the escalation job posts what it moved to tier 4 to the city groups, with the county', async () => {
    const no = await raiseInXingbin('问题 凤凰大道 征地拆迁：3户未签约');
    // Tier 3 and long overdue: the job moves it to tier 4.
    await ProblemModel.updateOne(
      { no },
      { $set: { tier: 3, deadline: '2021-08-02', deadlineSetAt: new Date('2021-08-02T01:00:00Z') } },
    );
    const before = h.api.sent(CITY_KEY).length;
    const deps = buildJobDeps({
      config: h.runtime.config,
      log: createLogger('silent'),
      clock: h.clock,
      redis: h.runtime.redis,
      data: h.runtime.data,
      post: notifierPost(h.bot.services.notifier),
    });
    const r = await runJobOnce(jobRegistry.get('escalations')!, '2021-08-16', deps, {
      check: 'workday',
      trigger: 'cli',
    });
    expect(r.status).toBe('done');
    expect((await ProblemModel.findOne({ no }).lean())?.tier).toBe(4);
    await until(() => h.api.sent(CITY_KEY).length > before, 10_000, 'city escalation notice');
    await settle(total);
    const text = textOf(CITY_KEY, before);
    expect(text).toContain('市重大项目协调会');
    expect(text).toContain(`【兴宾区】#${no} 凤凰大道改扩建工程 `);
    expect(text).toContain('3户未签约');
  });
});
