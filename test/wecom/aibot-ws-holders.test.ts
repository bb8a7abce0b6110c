/**
 * Exactly one holder of the connection among instances sharing one Redis, through WeCom's real SDK
 * against the fake gateway, which closes the older connection when a newer one subscribes. The
 * gateway's subscription count shows whether instances fought over the connection.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WSClient } from '@wecom/aibot-node-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { inheritedEnv } from '../../src/config.ts';
import { aibotTestEnv, FAST, SECRET, until } from './aibot-ws-harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const env = await aibotTestEnv();
let n = 0;
function newBot(): { WECOM_AIBOT_ID: string } {
  const id = `aibHold${++n}`;
  env.gateway.addBot(id, SECRET);
  return { WECOM_AIBOT_ID: id };
}
const leaseKey = (botId: string) => `${env.svc.prefix}aibot:lease:${botId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('one holder among instances', () => {
  it('lets exactly one of two instances connect; the other stands by', async () => {
    const bot = newBot();
    const [a, b] = [env.holder({ env: bot }), env.holder({ env: bot })];
    await until(
      'one connected',
      () => a.connection.state.current === 'connected' || b.connection.state.current === 'connected',
    );
    await sleep(1500); // several standby polls
    const statuses = [a, b].map((h) => h.connection.state.current).sort();
    expect(statuses).toEqual(['connected', 'standby']);
    expect([a, b].filter((h) => h.connection.isHolder)).toHaveLength(1);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(1);
    expect(env.gateway.kicks()).toBe(0);
    await a.stop();
    await b.stop();
  });

  it('disconnects a holder whose lease another has taken, and connects no one while it is held', async () => {
    const bot = newBot();
    const a = env.holder({ env: bot });
    await until('connected', () => a.connection.state.current === 'connected');
    // Another instance's lease, as after this one's lease ran out during a pause.
    await env.redis.set(leaseKey(bot.WECOM_AIBOT_ID), 'someone-else', 'PX', 4000);
    const s = await until('standby', () => {
      const snap = a.connection.state.snapshot();
      return snap.status === 'standby' ? snap : undefined;
    });
    expect(s).toMatchObject({ holder: false, lastError: { code: 'lease_lost' } });
    await until('closed at the gateway', () => env.gateway.openConnections(bot.WECOM_AIBOT_ID) === 0);
    await sleep(1000);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(1);

    // Once that lease runs out, this instance takes it again.
    await until('connected again', () => a.connection.state.current === 'connected', 8000);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(2);
    await a.stop();
  });

  it('ends with one connection when the lease vanishes under the holder and the other instance wins it', async () => {
    const bot = newBot();
    const a = env.holder({ env: bot });
    await until('connected', () => a.connection.state.current === 'connected');
    const b = env.holder({ env: bot });
    await until('b on standby', () => b.connection.state.current === 'standby');
    const kicksBefore = env.gateway.kicks();
    // Redis lost the lease (a flush, a failover): b's next poll takes it before a renews.
    await env.redis.del(leaseKey(bot.WECOM_AIBOT_ID));
    await until('b connected', () => b.connection.state.current === 'connected', 5000);
    await until('a on standby', () => a.connection.state.current === 'standby', 5000);
    const subs = env.gateway.subscriptions(bot.WECOM_AIBOT_ID).length;
    await sleep(2000);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(subs);
    expect(subs).toBe(2);
    expect(env.gateway.kicks() - kicksBefore).toBeLessThanOrEqual(1);
    expect(env.gateway.openConnections(bot.WECOM_AIBOT_ID)).toBe(1);
    expect(a.connection.state.snapshot().counters.leaseLost).toBe(1);
    await a.stop();
    await b.stop();
  });

  it('does not fight a program outside the deployment that takes the connection', async () => {
    const bot = newBot();
    const a = env.holder({
      env: bot,
      overrides: { ...FAST, connection: { ...FAST.connection, replacedRetryMs: 1500 } },
    });
    await until('connected', () => a.connection.state.current === 'connected');
    const kicksBefore = env.gateway.kicks();
    const outsider = new WSClient({
      botId: bot.WECOM_AIBOT_ID,
      secret: SECRET,
      wsUrl: env.gateway.url,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    outsider.connect();
    const s = await until('replaced', () => {
      const snap = a.connection.state.snapshot();
      return snap.lastError?.code === 'replaced' ? snap : undefined;
    });
    expect(s).toMatchObject({ status: 'disconnected', holder: true, counters: { replaced: 1 } });
    await sleep(700);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(2);

    // After the pause it connects again; the outsider, closed in turn, stays away (the SDK's rule).
    await until('connected again', () => a.connection.state.current === 'connected', 4000);
    await sleep(1500);
    expect(env.gateway.subscriptions(bot.WECOM_AIBOT_ID)).toHaveLength(3);
    expect(env.gateway.kicks() - kicksBefore).toBe(2);
    expect(a.connection.state.current).toBe('connected');
    outsider.removeAllListeners();
    await a.stop();
  });

  it('takes over within 30 s when the holder is killed without releasing, with the production timings', {
    timeout: 90_000,
  }, async () => {
    const bot = newBot();
    const config = env.config(bot);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/wecom/aibot-ws-holder.ts'], {
      cwd: ROOT,
      env: inheritedEnv({
        WECOM_AIBOT_ID: bot.WECOM_AIBOT_ID,
        WECOM_AIBOT_SECRET: SECRET,
        WECOM_AIBOT_WS_URL: config.WECOM_AIBOT_WS_URL,
        REDIS_URL: config.REDIS_URL,
        REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await until('the child holds the connection', () => out.includes('"status":"connected"'), 20_000).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${out}`);
      },
    );

    const b = env.holder({ env: bot, overrides: {} }); // production timings
    await until('b on standby', () => b.connection.state.current === 'standby', 10_000);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await until('b connected', () => b.connection.state.current === 'connected', 30_000);
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(30_000);

    const subs = env.gateway.subscriptions(bot.WECOM_AIBOT_ID);
    expect(subs.map((s) => s.errcode)).toEqual([0, 0]);
    expect(subs[0]!.connId).not.toBe(subs[1]!.connId);
    expect(b.connection.state.snapshot().counters.replaced).toBe(0);
    console.log(`[aibot-ws] takeover after kill -9 took ${tookMs} ms`);
    await b.stop();
  });
});
