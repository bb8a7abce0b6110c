/**
 * The scale-out path of the operator guide (§7.6), proven on one machine: three bot processes on one
 * FerretDB and one Redis behind one address — a round-robin balancer in this file, as a load balancer
 * in front of several servers would be. Every callback goes through the balancer; WeCom's retries of
 * a MsgId go to another instance; one instance is killed with SIGKILL in the middle of a burst.
 * All three run the scheduler.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { JobRunModel } from '../../models/job-run.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { LEASE_MS } from '../../src/data/inbound.ts';
import { SUBSCRIPTIONS } from '../../src/domain/vocabulary.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, pool, REPORTERS, TOKEN, until } from './harness.ts';

/**
 * A round-robin balancer on loopback: each request goes to the next instance still up. An instance
 * that refuses or drops a connection is taken out (a balancer's passive health check) and the caller
 * gets a 502, so WeCom retries — through the balancer, to another instance.
 */
async function roundRobin(ports: number[]) {
  const up = ports.map(() => true);
  const served = ports.map(() => 0);
  const inflight = ports.map(() => 0);
  const byNonce = new Map<string, number>();
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const live = ports.map((_, i) => i).filter((i) => up[i]);
      if (!live.length) {
        res.writeHead(503).end();
        return;
      }
      const i = live[next++ % live.length]!;
      const nonce = new URL(req.url ?? '/', 'http://x').searchParams.get('nonce');
      if (nonce) byNonce.set(nonce, i);
      const body = Buffer.concat(chunks);
      inflight[i]!++;
      res.once('close', () => inflight[i]!--);
      const fwd = request(
        {
          host: '127.0.0.1',
          port: ports[i],
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (r) => {
          const out: Buffer[] = [];
          r.on('data', (c: Buffer) => out.push(c));
          r.on('end', () => {
            served[i]!++;
            res.writeHead(r.statusCode ?? 502, r.headers).end(Buffer.concat(out));
          });
          r.on('error', () => {
            up[i] = false;
            if (!res.headersSent) res.writeHead(502).end();
          });
        },
      );
      fwd.on('error', () => {
        up[i] = false;
        if (!res.headersSent) res.writeHead(502).end();
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    up,
    /** Requests each instance is working on now. */
    inflight,
    /** Which instance a request (by its nonce) went to. */
    upstreamOf: (nonce: string) => byNonce.get(nonce),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const { svc } = await connectTestStores();
await seedLibrary();
// Subscribed to everything, so whatever the scheduled jobs post lands here (and nowhere else).
await GroupModel.create({
  name: '县重大项目调度群',
  webhookKey: 'k-sched',
  subscriptions: [...SUBSCRIPTIONS],
  allProjects: true,
});
// WeCom's 20 a minute per webhook is not what is measured here.
const api = await startFakeWecomApi({ limitPerMinute: 10_000 });
for (const r of REPORTERS) api.addKey(keyOf(r.userId));
api.addKey('k-sched');
const env = botEnv({
  mongoUri: svc.mongoUri,
  redisUrl: svc.redisUrl,
  apiBase: api.base,
  prefix: svc.prefix,
  // info: each instance says that its scheduler started and which runs it caught up on.
  extra: { SCHEDULER: '1', LOG_LEVEL: 'info' },
});
const bots = await Promise.all([startBot(env), startBot(env), startBot(env)]);
const lb = await roundRobin(bots.map((b) => b.port));
afterAll(async () => {
  for (const b of bots) await b.stop('SIGKILL');
  await lb.close();
  await api.close();
});

const viaBalancer = createCallbackClient({ baseUrl: lb.base, token: TOKEN, aesKey: AES_KEY });
const direct = bots.map((b) => createCallbackClient({ baseUrl: b.base, token: TOKEN, aesKey: AES_KEY }));
const AMOUNT = /完成投资(\d+)万元/;
const run = Date.now();

interface Sent {
  n: number;
  msgId: string;
  plaintext: string;
  /** The answer WeCom listens to: that of the last delivery. */
  sync?: string;
  acked: boolean;
}

/** Reports with amounts from..to (万元), each traceable to its message by the amount. */
function reports(from: number, to: number): Sent[] {
  return Array.from({ length: to - from + 1 }, (_, k) => {
    const n = from + k;
    const r = REPORTERS[n % REPORTERS.length]!;
    const msgId = String(6_000_000_000_000_000_000n + BigInt(run) * 1000n + BigInt(n));
    const plaintext = viaBalancer.textPayload(
      {
        userId: r.userId,
        chatId: chatOf(r.userId),
        webhookKey: keyOf(r.userId),
        text: `进度 ${r.project} 本月完成投资${n}万元`,
      },
      msgId,
    );
    return { n, msgId, plaintext, acked: false };
  });
}

/** Delivers through the balancer as WeCom does: no 200 → the same callback again, a little later. */
async function deliver(m: Sent, onAck?: () => void): Promise<number | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const nonce = `${m.n}x${attempt}x${run}`;
    const r = await viaBalancer.deliver(m.plaintext, { msgId: m.msgId, nonce }).catch(() => undefined);
    if (r?.status === 200) {
      m.acked = true;
      m.sync = r.reply?.content;
      onAck?.();
      return lb.upstreamOf(nonce);
    }
    await new Promise((res) => setTimeout(res, 300));
  }
  return undefined;
}

/** Answers per message, from the callback responses and the webhook posts, by the amount they quote. */
function answers(msgs: Sent[]) {
  const per = new Map<number, number>();
  const other: string[] = [];
  const count = (content: string | undefined) => {
    const n = content && AMOUNT.exec(content);
    if (n) per.set(Number(n[1]), (per.get(Number(n[1])) ?? 0) + 1);
    else other.push(String(content));
  };
  const ns = new Set(msgs.map((m) => m.n));
  for (const m of msgs) if (m.sync) count(m.sync);
  for (const r of REPORTERS)
    for (const s of api.sent(keyOf(r.userId))) {
      const n = AMOUNT.exec(s.content ?? '');
      if (!n || ns.has(Number(n[1]))) count(s.content);
    }
  return {
    answered: msgs.filter((m) => per.get(m.n) === 1).length,
    twice: msgs.filter((m) => (per.get(m.n) ?? 0) > 1).map((m) => m.n),
    missing: msgs.filter((m) => !per.has(m.n)).map((m) => m.n),
    other,
    viaWebhook: [...per.values()].reduce((a, b) => a + b, 0) - msgs.filter((m) => m.sync).length,
  };
}

async function settle(msgs: Sent[], ms: number) {
  const ids = msgs.map((m) => m.msgId);
  await until(
    async () =>
      (await InboundMessageModel.countDocuments({
        _id: { $in: ids },
        status: { $in: ['processed', 'failed'] },
      })) === ids.length,
    ms,
    'every message processed',
    500,
  );
  await until(() => answers(msgs).missing.length === 0, 20_000, 'every answer delivered', 250).catch(
    () => {},
  );
  await new Promise((r) => setTimeout(r, 1500)); // would-be duplicates have time to arrive
}

async function storedReports(msgs: Sent[]) {
  const ids = msgs.map((m) => m.msgId);
  const docs = await ProgressReportModel.find({ sourceMsgId: { $in: ids } }, { sourceMsgId: 1 }).lean();
  const per = new Map<string, number>();
  for (const d of docs) per.set(d.sourceMsgId!, (per.get(d.sourceMsgId!) ?? 0) + 1);
  return {
    stored: per.size,
    twice: [...per.values()].filter((n) => n > 1).length,
    missing: ids.filter((id) => !per.has(id)).length,
  };
}

const summary: Record<string, unknown> = {};

describe('three bot instances behind one address, on one FerretDB and one Redis', () => {
  it('answers 300 reports from four people once each, WeCom retries at another instance included', async () => {
    const started = Date.now();
    const msgs = reports(1, 300);
    // Every tenth callback's answer is lost on the way back: WeCom sends it again, and the balancer
    // (or a restart of the first) puts it on another instance.
    const retried = msgs.filter((m) => m.n % 10 === 5);
    let retriesElsewhere = 0;
    await pool(msgs, 6, async (m) => {
      const first = await deliver(m);
      if (!retried.includes(m) || first === undefined) return;
      const firstAnswer = m.sync;
      const other = (first + 1 + (m.n % 2)) % bots.length;
      const r = await direct[other]!.deliver(m.plaintext, { msgId: m.msgId });
      expect(r.status).toBe(200);
      retriesElsewhere++;
      m.sync = r.reply?.content;
      // Whichever instance answers, it is the one stored answer.
      if (firstAnswer && m.sync) expect(m.sync).toBe(firstAnswer);
    });
    expect(msgs.every((m) => m.acked)).toBe(true);
    await settle(msgs, 60_000);

    const a = answers(msgs);
    const s = await storedReports(msgs);
    const inbound = await InboundMessageModel.find(
      { _id: { $in: msgs.map((m) => m.msgId) } },
      { attempts: 1 },
    ).lean();
    Object.assign(summary, {
      messages: msgs.length,
      retries: retriesElsewhere,
      perInstance: [...lb.served],
      answered: a.answered,
      sync: msgs.filter((m) => m.sync).length,
      webhook: a.viaWebhook,
      reports: s.stored,
      burstSeconds: Math.round((Date.now() - started) / 1000),
    });
    expect(a.other).toEqual([]);
    expect(a.twice).toEqual([]);
    expect(a.missing).toEqual([]);
    expect(a.answered).toBe(300);
    expect(s).toEqual({ stored: 300, twice: 0, missing: 0 });
    expect(retriesElsewhere).toBe(retried.length);
    // Nobody processed a message twice, and the balancer spread the load.
    expect(inbound.filter((d) => d.attempts !== 1)).toEqual([]);
    for (const n of lb.served) expect(n).toBeGreaterThan(60);
  }, 90_000);

  it('posts each scheduled job once per period with the scheduler on in all three', async () => {
    // Each instance caught up at start on the runs missed "while the bot was down" — at the same
    // moment, the worst case for posting twice.
    await until(
      async () =>
        (await JobRunModel.countDocuments({})) > 0 &&
        (await JobRunModel.countDocuments({ status: 'running' })) === 0,
      30_000,
      'the catch-up runs finished',
      250,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const runs = await JobRunModel.find({}).lean();
    const keys = runs.map((r) => `${r.job} ${r.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(runs.filter((r) => r.status === 'failed').map((r) => `${r.job}: ${r.error}`)).toEqual([]);
    const daily = runs.find((r) => r.job === 'daily');
    expect(daily?.status).toBe('done');
    const posts = api.sent('k-sched');
    const texts = posts.map((p) => `${p.msgtype}:${p.content ?? JSON.stringify(p.body).slice(0, 200)}`);
    expect(posts.length).toBeGreaterThan(0);
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
    const posted = runs.reduce((n, r) => n + (r.outcome?.posted ?? 0), 0);
    expect(posts.length).toBeGreaterThanOrEqual(posted);
    // Every instance runs the scheduler; how many went for the runs another one won is printed.
    const tried = bots.map((b) => b.output().match(/catching up a run missed/g)?.length ?? 0);
    for (const b of bots) expect(b.output()).toContain('scheduler started');
    Object.assign(summary, {
      jobRuns: keys.length,
      catchUpAttempts: tried,
      jobInstances: new Set(runs.map((r) => r.instanceId)).size,
      scheduledPosts: posts.length,
    });
  }, 60_000);

  it('loses nothing when one instance is killed with SIGKILL in the middle of a burst', async () => {
    const started = Date.now();
    const msgs = reports(301, 390);
    let acked = 0;
    let killedAt = 0;
    let inflightAtKill = 0;
    const victim = bots[2]!;
    // Callbacks the victim acknowledged before answering (a slow moment: the answer was to follow
    // through the webhook), as it keeps them while it works: leased to it, not answered yet.
    const ackedByVictim = reports(391, 396);
    const owner = `${hostname()}:${victim.child.pid}:victim`;
    await InboundMessageModel.create(
      ackedByVictim.map((m) => {
        const r = REPORTERS[m.n % REPORTERS.length]!;
        return {
          _id: m.msgId,
          msgId: m.msgId,
          channel: 'robot',
          raw: m.plaintext,
          chatId: chatOf(r.userId),
          chatType: 'group',
          userId: r.userId,
          kind: 'text',
          text: `@项目调度助手 进度 ${r.project} 本月完成投资${m.n}万元`,
          webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${keyOf(r.userId)}`,
          status: 'processing',
          owner,
          leaseUntil: new Date(Date.now() + LEASE_MS),
          delivery: 'webhook',
          attempts: 1,
          receivedAt: new Date(),
        };
      }),
    );
    // After 30 answers, at a moment the victim is working on callbacks: stored, not yet answered.
    const killer = setInterval(() => {
      if (killedAt || acked < 30 || lb.inflight[2]! < 2) return;
      killedAt = acked;
      inflightAtKill = lb.inflight[2]!;
      victim.child.kill('SIGKILL');
    }, 2);
    await pool(msgs, 6, async (m) => {
      await deliver(m, () => {
        acked++;
      });
    });
    clearInterval(killer);
    expect(await victim.stop('SIGKILL')).toBeNull();
    expect(killedAt).toBeGreaterThan(0);
    expect(msgs.every((m) => m.acked)).toBe(true);
    for (const m of ackedByVictim) m.acked = true;
    const all = [...msgs, ...ackedByVictim];
    // What the dead instance held is taken up by the others' recovery sweep (every LEASE_MS / 2).
    await settle(all, 45_000);

    const a = answers(all);
    const s = await storedReports(all);
    const recovered = await InboundMessageModel.countDocuments({
      _id: { $in: msgs.map((m) => m.msgId) },
      attempts: { $gt: 1 },
    });
    const sweptUp = await InboundMessageModel.countDocuments({
      _id: { $in: ackedByVictim.map((m) => m.msgId) },
      status: 'processed',
      delivery: 'webhook',
      attempts: 2,
    });
    Object.assign(summary, {
      killBurst: msgs.length,
      killedAfterAcks: killedAt,
      victimAnswered: lb.served[2],
      inflightAtKill,
      retakenAtRetry: recovered,
      ackedByVictim: ackedByVictim.length,
      sweptUp,
      killAnswered: a.answered,
      killReports: s.stored,
      killSeconds: Math.round((Date.now() - started) / 1000),
    });
    console.log(`[faults] three instances: ${JSON.stringify(summary)}`);
    expect(lb.up).toEqual([true, true, false]);
    expect(a.other).toEqual([]);
    expect(a.twice).toEqual([]);
    expect(a.missing).toEqual([]);
    expect(s).toEqual({ stored: all.length, twice: 0, missing: 0 });
    expect(sweptUp).toBe(ackedByVictim.length);
  }, 90_000);
});
