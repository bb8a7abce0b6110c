/**
 * 数出有据: every change to a figure or a problem made by chat leaves an AuditLog entry naming the
 * message, the person and the time, and the value it replaced; `查 历史` shows the figures' trail.
 */
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/bot/services.ts';
import { createDispatcher } from '../../src/bot/wire.ts';
import { FixedClock } from '../../src/clock.ts';
import type { InboundMessage, Reply } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/logger.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';

const { svc, redis, data } = await connectTestStores();
await seedLibrary();
const config = testConfig(svc, { USER_RATE_PER_MIN: '10000' });
const clock = new FixedClock('2021-08-20T02:00:00Z');
const log = createLogger('silent');
const services = createServices({ config, clock, log, data, send: async () => {} });
const app = createDispatcher({ config, clock, log, redis, services });

let n = 0;
async function say(userId: string, content: string): Promise<{ msgId: string; text: string; at: Date }> {
  n += 1;
  clock.advance(60_000);
  const msg: InboundMessage = {
    msgId: `audit-${n}`,
    channel: 'robot',
    chatId: 'chat-audit',
    chatType: 'group',
    userId,
    kind: 'text',
    text: `@${config.BOT_NAME} ${content}`,
    imageUrls: [],
    receivedAt: clock.now(),
  };
  const replies: Reply[] = await app.dispatch(msg);
  const text = replies.map((r) => (r.type === 'text' || r.type === 'markdown' ? r.content : '')).join('\n');
  return { msgId: msg.msgId, text, at: clock.now() };
}

type Entry = Awaited<ReturnType<typeof entriesOf>>[number];
// The audit log, and the reports' own records (a report keeps who, when, which message, what it replaced).
const entriesOf = (msgId: string) => data.audit.trail(msgId);
/** The entry of `entity` for this message, by whom and when. */
async function traced(m: { msgId: string; at: Date }, entity: string, actor: string): Promise<Entry> {
  const all = await entriesOf(m.msgId);
  const e = all.find((x) => x.entity === entity);
  expect(e, `${entity} audit for ${m.msgId}: ${JSON.stringify(all)}`).toBeDefined();
  expect(e!.actor).toBe(actor);
  expect(e!.via).toBe('chat');
  expect(e!.at.getTime()).toBe(m.at.getTime());
  return e!;
}
const field = (v: unknown, k: string) => (v as Record<string, unknown> | null | undefined)?.[k];

describe('audit trail of figures and problems', () => {
  it('a report, its correction and its withdrawal each record the message, person, time and replaced value', async () => {
    const first = await say('zhangwei', '进度 贺巴 本月完成投资1200万元 形象进度：路基完成60%');
    expect(first.text).toContain('已记录');
    const created = await traced(first, 'ProgressReport', 'zhangwei');
    expect(created.before ?? null).toBeNull();
    expect(field(created.after, 'monthAmount')).toBe(12_000_000);

    const fix = await say('zhaogang', '进度 贺巴 本月完成投资1500万元');
    const superseded = await traced(fix, 'ProgressReport', 'zhaogang');
    expect(field(superseded.before, 'monthAmount')).toBe(12_000_000);
    expect(field(superseded.after, 'monthAmount')).toBe(15_000_000);

    const undo = await say('zhaogang', '撤销');
    const withdrawn = await traced(undo, 'ProgressReport', 'zhaogang');
    expect(field(withdrawn.before, 'monthAmount')).toBe(15_000_000);

    const history = await say('liqiang', '查 历史 贺巴');
    for (const s of ['1200', '1500']) expect(history.text).toContain(s);
    expect(history.text).toMatch(/张伟|zhangwei/);
    expect(history.text).toMatch(/赵刚|zhaogang/);
  });

  it('a problem raised, assigned, escalated and resolved: each step traced with the values it replaced', async () => {
    const raised = await say('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调');
    const no = Number(/#(\d+)/.exec(raised.text)?.[1]);
    expect(no).toBeGreaterThan(0);
    const r0 = await traced(raised, 'Problem', 'zhangwei');
    // Raised on Friday 20 August: 征地拆迁 gets 15 working days, to Friday 10 September.
    expect(r0).toMatchObject({ entityId: String(no), action: 'create', before: null });
    expect(r0.after).toEqual({
      kind: 'problem',
      projectCode: 'XC-JT-001',
      category: '征地拆迁',
      description: '那湾村3户未签约，需县自然资源局协调',
      tier: 1,
      unitName: '县自然资源局',
      deadline: '2021-09-10',
    });

    const assigned = await say('zhaogang', `交办 #${no} 县自然资源局 8月30日前`);
    const a = await traced(assigned, 'Problem', 'zhaogang');
    // The unit was already named when the problem was raised: only the deadline changed.
    expect(a).toMatchObject({ action: 'update', fields: ['deadline'] });
    expect(a.before).toEqual({ deadline: '2021-09-10' });
    expect(a.after).toEqual({ deadline: '2021-08-30' });

    const reassigned = await say('liqiang', `交办 #${no} 县自然资源局 9月10日前`);
    const r = await traced(reassigned, 'Problem', 'liqiang');
    expect(r).toMatchObject({ action: 'update', fields: ['deadline'] });
    expect(r.before).toEqual({ deadline: '2021-08-30' });
    expect(r.after).toEqual({ deadline: '2021-09-10' });

    const up = await say('liqiang', `升级 #${no} 涉及多个部门`);
    const u = await traced(up, 'Problem', 'liqiang');
    // One tier up, and the new tier's 5 working days from the escalation (Friday 20 → Friday 27 August).
    expect(u).toMatchObject({ action: 'escalate', fields: ['tier', 'deadline'] });
    expect(u.before).toEqual({ tier: 1, deadline: '2021-09-10' });
    expect(u.after).toEqual({ tier: 2, deadline: '2021-08-27' });

    const done = await say('wangfang', `办结 #${no} 已完成签约`);
    const d = await traced(done, 'Problem', 'wangfang');
    expect(d).toMatchObject({ action: 'update', fields: ['status', 'resolutionNote'] });
    expect(d.before).toEqual({ status: 'open' });
    expect(d.after).toEqual({ status: 'resolved', resolutionNote: '已完成签约' });
    console.log(
      `[faults] audit: report create/supersede/withdraw and problem raise/assign/reassign/escalate/resolve each traced to message, person, time and prior value`,
    );
  });

  it('a status change is traced too', async () => {
    const m = await say('zhangwei', '竣工 贺巴 2021-08-18');
    const e = await traced(m, 'Project', 'zhangwei');
    expect(JSON.stringify(e.after)).toMatch(/竣工/);
  });
});
