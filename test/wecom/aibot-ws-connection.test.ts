/**
 * Losing and regaining the connection, through WeCom's real SDK against the fake gateway: a wrong
 * secret stops after a few refused subscriptions, a network loss reconnects with back-off, a
 * half-open link is noticed by the heartbeat.
 */
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERR } from '../fake-wecom/aibot-gateway.ts';
import { aibotTestEnv, FAST, SECRET, until } from './aibot-ws-harness.ts';

const env = await aibotTestEnv();
let n = 0;
/** A bot of its own per test, so each has its own lease. */
function newBot(): { WECOM_AIBOT_ID: string } {
  const id = `aibConn${++n}`;
  env.gateway.addBot(id, SECRET);
  return { WECOM_AIBOT_ID: id };
}
const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]!);

describe('the connection', () => {
  it('reports a wrong secret as 853000 and stops after a few tries, handing the lease on', async () => {
    const bot = newBot();
    const wrong = env.holder({ env: { ...bot, WECOM_AIBOT_SECRET: 'not-the-secret' } });
    const s = await until('gave up', () => {
      const snap = wrong.connection.state.snapshot();
      return snap.status === 'disconnected' && snap.lastError?.code === 'aibot_auth_failed'
        ? snap
        : undefined;
    });
    expect(s.lastError).toMatchObject({ code: 'aibot_auth_failed', errcode: GATEWAY_ERR.credential });
    expect(s.lastError!.message).toMatch(/WECOM_AIBOT_ID \/ WECOM_AIBOT_SECRET/);
    expect(s.holder).toBe(false);

    const tries = env.gateway.subscriptions(bot.WECOM_AIBOT_ID);
    // The first subscription and FAST's maxAuthFailures (2) retries, each later than the one before.
    expect(tries.map((t) => t.errcode)).toEqual([853000, 853000, 853000]);
    const g = gaps(tries.map((t) => t.at));
    expect(g[0]).toBeGreaterThanOrEqual(90);
    expect(g[1]).toBeGreaterThanOrEqual(190);

    // No tight loop: nothing more while it waits (authRetryMs is 10 minutes).
    await new Promise((r) => setTimeout(r, 1500));
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(3);
    expect(wrong.connection.state.current).toBe('disconnected');

    // The lease is free: an instance with the right secret takes over.
    const right = env.holder({ env: bot });
    await until('the right holder connects', () => right.connection.state.current === 'connected');
    await wrong.stop();
    await right.stop();
  });

  it('reconnects after a network loss, waiting longer after each failed attempt', async () => {
    const bot = newBot();
    const h = env.holder({ env: bot });
    await until('connected', () => h.connection.state.current === 'connected');

    env.gateway.setAccepting(false);
    const lostAt = Date.now();
    env.gateway.dropAll();
    await until('connecting', () => h.connection.state.current === 'connecting');
    expect(h.connection.state.snapshot().lastError?.code).toBe('connection_lost');
    const attempts = await until(
      'four refused attempts',
      () => {
        const a = env.gateway.connectAttempts().filter((t) => t >= lostAt);
        return a.length >= 4 ? a : undefined;
      },
      10_000,
    );
    // reconnectBaseMs 100: waits of 100, 200, 400, 800 ms.
    const g = gaps(attempts.slice(0, 4));
    expect(g[0]).toBeGreaterThanOrEqual(190);
    expect(g[1]).toBeGreaterThanOrEqual(1.6 * g[0]!);
    expect(g[2]).toBeGreaterThanOrEqual(1.6 * g[1]!);
    expect(h.connection.isHolder).toBe(true);

    env.gateway.setAccepting(true);
    await until('reconnected', () => h.connection.state.current === 'connected', 10_000);
    expect(env.gateway.openConnections(bot.WECOM_AIBOT_ID)).toBe(1);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID).filter((s) => s.errcode === 0)).toHaveLength(2);
    expect(h.connection.state.snapshot().counters.reconnects).toBeGreaterThanOrEqual(4);
    await h.stop();
  });

  it('notices a half-open link by the missing heartbeat answers and reconnects', async () => {
    const bot = newBot();
    const h = env.holder({
      env: bot,
      overrides: { ...FAST, connection: { ...FAST.connection, heartbeatMs: 150 } },
    });
    await until('connected', () => h.connection.state.current === 'connected');
    await until('heartbeats answered', () => env.gateway.pings() >= 2);
    env.gateway.silence();
    await until('connecting', () => h.connection.state.current === 'connecting', 3000);
    await until('reconnected', () => h.connection.state.current === 'connected', 5000);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID).filter((s) => s.errcode === 0)).toHaveLength(2);
    await h.stop();
  });

  it('hands the lease on when reconnecting fails for good, then comes back by itself', async () => {
    const bot = newBot();
    const h = env.holder({
      env: bot,
      overrides: { ...FAST, connection: { ...FAST.connection, maxReconnectAttempts: 2 } },
    });
    await until('connected', () => h.connection.state.current === 'connected');
    env.gateway.setAccepting(false);
    env.gateway.dropAll();
    const s = await until('gave up', () => {
      const snap = h.connection.state.snapshot();
      return snap.status === 'disconnected' && snap.lastError?.code === 'reconnect_exhausted'
        ? snap
        : undefined;
    });
    expect(s.holder).toBe(false);
    env.gateway.setAccepting(true);
    await until('connected again', () => h.connection.state.current === 'connected', 5000);
    expect(h.connection.isHolder).toBe(true);
    await h.stop();
  });

  it('reports disconnected after stop, and its lease is free at once', async () => {
    const bot = newBot();
    const a = env.holder({ env: bot });
    await until('connected', () => a.connection.state.current === 'connected');
    await a.stop();
    expect(a.connection.state.snapshot()).toMatchObject({ status: 'disconnected', holder: false });
    await until('closed at the gateway', () => env.gateway.openConnections(bot.WECOM_AIBOT_ID) === 0);
    const b = env.holder({ env: bot });
    await until('the next instance connects', () => b.connection.state.current === 'connected', 2000);
    await b.stop();
  });
});
