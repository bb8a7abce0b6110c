/**
 * The long connection under kill -9, with the real bot process (`src/main.ts`) and the fake gateway:
 *
 * - a burst of reports over the connection, the holder killed while answering: after the restart
 *   every stored message is answered once and every report stored once;
 * - an answer that never reached WeCom (the gateway stops answering, then the holder is killed): the
 *   next holder sends it;
 * - two bot processes: one holds the connection; killed, the other takes over within 30 s (the
 *   production timings) without a reconnect fight, and answers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { type AibotGateway, type Pushed, startAibotGateway } from '../fake-wecom/aibot-gateway.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { type BotProcess, startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { botEnv, chatOf, REPORTERS, until } from './harness.ts';

const BOT_ID = 'aibFaults';
const SECRET = 'aibFaultsSecret-0123456789';
const AMOUNT = /完成投资(\d+)万元/;

const { svc } = await connectTestStores();
await seedLibrary();
const api = await startFakeWecomApi();
const gateway: AibotGateway = await startAibotGateway({ bots: { [BOT_ID]: SECRET } });
const bots: BotProcess[] = [];
afterAll(async () => {
  for (const b of bots) await b.stop('SIGKILL');
  await gateway.close();
  await api.close();
});

function env(prefix: string): Record<string, string> {
  return botEnv({
    mongoUri: svc.mongoUri,
    redisUrl: svc.redisUrl,
    apiBase: api.base,
    prefix,
    extra: { WECOM_AIBOT_ID: BOT_ID, WECOM_AIBOT_SECRET: SECRET, WECOM_AIBOT_WS_URL: gateway.url },
  });
}

async function launch(e: Record<string, string>): Promise<BotProcess> {
  const b = await startBot(e);
  bots.push(b);
  return b;
}

async function longConnection(b: BotProcess): Promise<{ status?: string; holder?: boolean }> {
  try {
    const body = (await (await fetch(`${b.base}/readyz`)).json()) as {
      longConnection?: { status?: string; holder?: boolean };
    };
    return body.longConnection ?? {};
  } catch {
    return {};
  }
}

const connected = async (b: BotProcess) => (await longConnection(b)).status === 'connected';

/** What the person saw for a frame: its finished stream, and messages to the chat naming its amount. */
function answersTo(p: Pushed, amount: number): string[] {
  const stream = gateway.streams().find((s) => s.reqId === p.reqId && s.finished);
  const sends = gateway
    .sends(p.conversation)
    .filter((s) => Number(AMOUNT.exec(s.content ?? '')?.[1]) === amount)
    .map((s) => s.content ?? '');
  return [...(stream ? [stream.content] : []), ...sends];
}

describe('kill -9 of the process holding the long connection', () => {
  it('answers every stored message once and stores every report once after a restart', async () => {
    const e = env(`lc1${Date.now() % 1000}:`);
    const first = await launch(e);
    await until(() => connected(first), 30_000, 'first bot connected');

    const pushed: Array<{ p: Pushed; amount: number }> = [];
    for (let i = 0; i < 40; i++) {
      const r = REPORTERS[i % REPORTERS.length]!;
      const p = gateway.pushText({
        userId: r.userId,
        chatId: chatOf(r.userId),
        text: `@项目调度助手 进度 ${r.project} 本月完成投资${i + 1}万元`,
      });
      pushed.push({ p, amount: i + 1 });
      await new Promise((res) => setTimeout(res, 20));
    }
    const answered = () => pushed.filter(({ p, amount }) => answersTo(p, amount).length > 0).length;
    await until(() => answered() >= 8, 30_000, 'some answers before the kill');
    await first.stop('SIGKILL');
    const atKill = answered();

    const second = await launch(e);
    await until(() => connected(second), 40_000, 'second bot connected');
    const ids = pushed.map(({ p }) => p.msgid);
    await until(
      async () =>
        (await InboundMessageModel.countDocuments({ _id: { $in: ids }, status: 'processed' })) === ids.length,
      60_000,
      'every message processed',
      500,
    );
    await until(() => answered() === pushed.length, 60_000, 'every message answered', 250);
    await new Promise((r) => setTimeout(r, 2000)); // would-be duplicates have time to arrive

    const perMessage = pushed.map(({ p, amount }) => answersTo(p, amount).length);
    expect(perMessage.filter((n) => n !== 1)).toEqual([]);
    const reports = await ProgressReportModel.find({ sourceMsgId: { $in: ids } }, { sourceMsgId: 1 }).lean();
    expect(reports).toHaveLength(ids.length);
    expect(new Set(reports.map((r) => r.sourceMsgId)).size).toBe(ids.length);
    expect(await InboundMessageModel.countDocuments({ _id: { $in: ids } })).toBe(ids.length);
    console.log(
      `[faults] long connection: 40 frames, ${atKill} answered at kill -9, all answered once after the restart`,
    );
    await second.stop('SIGKILL');
  }, 180_000);

  it('sends after a restart an answer that never reached WeCom', async () => {
    const e = env(`lc2${Date.now() % 1000}:`);
    const first = await launch(e);
    await until(() => connected(first), 30_000, 'first bot connected');
    // The gateway takes the frame out, then stops answering anything on this connection.
    const p = gateway.pushText({ userId: 'zhangwei', chatId: 'wrSilent', text: '@项目调度助手 查 贺巴' });
    gateway.silence();
    await until(
      async () => (await InboundMessageModel.findOne({ _id: p.msgid }).lean())?.status === 'processed',
      20_000,
      'message processed',
    );
    await first.stop('SIGKILL');
    expect(gateway.streams().find((s) => s.reqId === p.reqId)).toBeUndefined();

    const second = await launch(e);
    const answer = () => gateway.streams().find((s) => s.reqId === p.reqId && s.finished);
    await until(() => Boolean(answer()), 60_000, 'answer after the restart');
    expect(answer()!.content).toContain('贺巴高速公路');
    await second.stop('SIGKILL');
  }, 120_000);

  it('hands over between two running instances within 30 s, without a fight, and answers', async () => {
    const e = env(`lc3${Date.now() % 1000}:`);
    const pair = [await launch(e), await launch(e)];
    await until(
      async () => (await Promise.all(pair.map(longConnection))).some((s) => s.status === 'connected'),
      30_000,
      'one connected',
    );
    const states = await Promise.all(pair.map(longConnection));
    expect(states.map((s) => s.status).sort()).toEqual(['connected', 'standby']);
    const holder = pair[states.findIndex((s) => s.holder)]!;
    const other = pair.find((b) => b !== holder)!;
    const subsBefore = gateway.subscriptions(BOT_ID).length;
    const kicksBefore = gateway.kicks();

    const before = gateway.pushText({ userId: 'zhouqi', chatId: 'wrPair', text: '@项目调度助手 查 福六' });
    await until(
      () => gateway.streams().some((s) => s.reqId === before.reqId && s.finished),
      15_000,
      'answer',
    );

    await holder.stop('SIGKILL');
    const killedAt = Date.now();
    await until(() => connected(other), 30_000, 'the other instance connected');
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(30_000);
    expect(gateway.subscriptions(BOT_ID).length - subsBefore).toBe(1);
    expect(gateway.kicks() - kicksBefore).toBe(0);

    const after = gateway.pushText({ userId: 'zhouqi', chatId: 'wrPair', text: '@项目调度助手 查 福六' });
    const answer = () => gateway.streams().find((s) => s.reqId === after.reqId && s.finished);
    await until(() => Boolean(answer()), 15_000, 'answer from the new holder');
    expect(answer()!.content).toContain('福六水库');
    console.log(`[faults] long connection hand-over after kill -9 took ${tookMs} ms`);
  }, 120_000);
});
