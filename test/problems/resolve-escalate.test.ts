import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { only, seedLibrary, startProblemBot } from './harness.ts';

let bot: Awaited<ReturnType<typeof startProblemBot>>;

beforeAll(async () => {
  bot = await startProblemBot();
  await seedLibrary();
});

async function raise(text = '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调'): Promise<number> {
  const r = only(await bot.say('zhangwei', text));
  const no = Number(/#(\d+)/.exec(r.content)?.[1]);
  expect(no).toBeGreaterThan(0);
  return no;
}

describe('办结', () => {
  it('an unrelated contact is refused and nothing changes', async () => {
    const no = await raise();
    const r = only(await bot.say('zhouqi', `办结 #${no} 已完成签约`));
    expect(r.content).toContain('没有权限');
    expect(r.content).toContain('县自然资源局负责人');
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored?.status).toBe('open');
    expect(stored?.history).toHaveLength(1);
  });

  it('the head of the assigned unit may close it with a note; a second 办结 says it is closed', async () => {
    const no = await raise();
    const r = only(await bot.say('wangfang', `办结 #${no} 已完成签约`));
    expect(r.content).toContain(`#${no} 已办结`);
    expect(r.content).toContain('已完成签约');
    expect(r.mentions).toEqual(['zhangwei']);
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored).toMatchObject({ status: 'resolved', resolutionNote: '已完成签约' });
    expect(stored?.resolvedAt).toBeInstanceOf(Date);
    expect(stored?.history.at(-1)).toMatchObject({ action: 'resolve', by: 'wangfang', note: '已完成签约' });
    const audit = await AuditLogModel.findOne({ entityId: String(no), action: 'update' }).lean();
    expect(audit).toMatchObject({
      actor: 'wangfang',
      before: { status: 'open' },
      after: { status: 'resolved' },
    });

    const again = only(await bot.say('office1', `办结 #${no} 再次办结`));
    expect(again.content).toContain('已');
    expect(again.content).toContain('办结，无需重复办理');
    expect((await ProblemModel.findOne({ no }).lean())?.resolutionNote).toBe('已完成签约');
  });

  it('an unknown number is answered, not ignored', async () => {
    const r = only(await bot.say('office1', '办结 #9999 已完成'));
    expect(r.content).toContain('没有找到 #9999');
  });
});

describe('升级', () => {
  it('moves 1→2→3→4, notifies each tier here and in the project group, and refuses past 4', async () => {
    const no = await raise('问题 贺巴 用地：涉及林地、耕地多个部门');
    bot.posted.length = 0;

    const t2 = only(await bot.say('zhaogang', `升级 #${no} 涉及多个部门`));
    expect(t2.content).toContain('二级（联系县领导）');
    expect(t2.content).toContain('李强');
    expect(t2.content).toContain('涉及多个部门');
    expect(t2.mentions).toEqual(['liqiang']);
    expect(bot.posted.map((p) => p.webhookKey)).toEqual(['key-heba']);

    const t3 = only(await bot.say('liqiang', `升级 #${no} 需县里统筹`));
    expect(t3.content).toContain('三级（县重大项目协调领导小组）');
    expect(t3.content).toContain('协调会');
    expect(t3.mentions.sort()).toEqual(['office1', 'office2']);

    const t4 = only(await bot.say('office1', `升级 #${no} 县级无法解决`));
    expect(t4.content).toContain('四级（市重大项目协调会）');
    expect(t4.mentions.sort()).toEqual(['office1', 'office2']);
    expect(bot.posted).toHaveLength(3);
    expect(bot.posted.every((p) => p.webhookKey === 'key-heba')).toBe(true);

    const top = only(await bot.say('office1', `升级 #${no} 再升一级`));
    expect(top.content).toContain('最高');
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored?.tier).toBe(4);
    expect(stored?.history.filter((h) => h.action === 'escalate').map((h) => [h.from, h.to])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(bot.posted).toHaveLength(3);
  });

  it('a project contact may not escalate', async () => {
    const no = await raise();
    const r = only(await bot.say('zhangwei', `升级 #${no} 太慢了`));
    expect(r.content).toContain('没有权限');
    expect((await ProblemModel.findOne({ no }).lean())?.tier).toBe(1);
  });

  it('the escalation job escalates through the service and records it as automatic', async () => {
    const no = await raise();
    const result = await bot.problems.escalate(no, { by: 'system', reason: '逾期3天未办结', auto: true });
    expect(result).toMatchObject({ from: 1, to: 2, notifyIds: ['liqiang'] });
    const stored = await ProblemModel.findOne({ no }).lean();
    expect(stored?.history.at(-1)).toMatchObject({ action: 'escalate', by: 'system' });
    expect(stored?.history.at(-1)?.note).toContain('系统自动升级');
    const audit = await AuditLogModel.findOne({ entityId: String(no), action: 'escalate' }).lean();
    expect(audit).toMatchObject({ via: 'job', actor: 'system', before: { tier: 1 }, after: { tier: 2 } });
  });
});
