/** The connection lease on the real Redis of the test run (redlock underneath). */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/store/ferretdb.ts';
import { appRedisOptions } from '../../src/store/redis.ts';
import { ConnectionLease } from '../../src/wecom/aibot-ws/lease.ts';
import { aibotTestEnv } from './aibot-ws-harness.ts';

const env = await aibotTestEnv();
let n = 0;
const newKey = () => `${env.svc.prefix}aibot:lease:test${++n}`;

describe('the connection lease', () => {
  it('goes to one of two contenders; the other is told it is taken', async () => {
    const key = newKey();
    const [a, b] = [new ConnectionLease(env.redis, key, 2000), new ConnectionLease(env.redis, key, 2000)];
    const outcomes = await Promise.all([a.acquire(), b.acquire()]);
    expect(outcomes.sort()).toEqual(['held', 'taken']);
  });

  it('is renewed by its holder and refused to others until it runs out', async () => {
    const key = newKey();
    const a = new ConnectionLease(env.redis, key, 600);
    const b = new ConnectionLease(env.redis, key, 600);
    expect(await a.acquire()).toBe('held');
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 200));
      expect(await a.renew()).toBe('held');
      expect(await b.acquire()).toBe('taken');
    }
    await new Promise((r) => setTimeout(r, 700)); // a stops renewing, as if killed
    expect(await b.acquire()).toBe('held');
    expect(await a.renew()).toBe('taken');
  });

  it('survives overlapping renewals', async () => {
    const a = new ConnectionLease(env.redis, newKey(), 2000);
    expect(await a.acquire()).toBe('held');
    expect(await Promise.all([a.renew(), a.renew(), a.renew()])).toEqual(['held', 'held', 'held']);
  });

  it('is taken again after it vanished from Redis, unless another took it first', async () => {
    const key = newKey();
    const a = new ConnectionLease(env.redis, key, 2000);
    expect(await a.acquire()).toBe('held');
    await env.redis.del(key);
    expect(await a.renew()).toBe('held');
    await env.redis.set(key, 'another-instance', 'PX', 2000);
    expect(await a.renew()).toBe('taken');
  });

  it('is kept when it expired by this process clock but Redis still holds it', async () => {
    const key = newKey();
    const a = new ConnectionLease(env.redis, key, 300);
    expect(await a.acquire()).toBe('held');
    // Redis keeps it longer than this process expects (clock drift, a slow renewal).
    await env.redis.pexpire(key, 5000);
    await new Promise((r) => setTimeout(r, 400));
    expect(await a.renew()).toBe('held');
    expect(await new ConnectionLease(env.redis, key, 300).acquire()).toBe('taken');
  });

  it('is freed at once by release', async () => {
    const key = newKey();
    const a = new ConnectionLease(env.redis, key, 5000);
    const b = new ConnectionLease(env.redis, key, 5000);
    expect(await a.acquire()).toBe('held');
    await a.release();
    expect(await b.acquire()).toBe('held');
  });

  it('says unreachable, not taken, when Redis does not answer', async () => {
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, appRedisOptions());
    down.on('error', () => {});
    const lease = new ConnectionLease(down, newKey(), 2000);
    expect(await lease.acquire()).toBe('unreachable');
    down.disconnect();
  });
});
