/**
 * kill -9 in the middle of a burst of progress reports from several people, against the real bot
 * process. Callbacks that got no 200 are delivered again after the restart, as WeCom retries them.
 * Each report carries a unique amount (i+1 万元) so every reply can be traced to its message.
 * Used by test/faults/crash.test.ts (a smaller burst) and scripts/faults-crash.ts (500).
 */
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import { type BotProcess, startBot } from '../helpers/bot-process.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, pool, REPORTERS, TOKEN, until } from './harness.ts';

export interface CrashOutcome {
  total: number;
  ackedBeforeKill: number;
  /** Callbacks without a 200 before the kill (in flight or not yet sent), delivered after restart. */
  deliveredAfterRestart: number;
  inboundStored: number;
  /** Stored but still received/processing when the scenario stopped waiting. */
  unfinished: number;
  reportsStored: number;
  duplicateReports: number;
  missingReports: number;
  replies: number;
  duplicateReplies: number;
  missingReplies: number;
  otherReplies: string[];
  /** Error lines the bot processes logged (why a message got an apology). */
  errors: string[];
  seconds: number;
}

const AMOUNT = /完成投资(\d+)万元/;

export async function crashScenario(o: {
  mongoUri: string;
  redisUrl: string;
  total: number;
  killAt: number;
  concurrency?: number;
  progress?: (line: string) => void;
  processTimeoutMs?: number;
}): Promise<CrashOutcome> {
  const started = Date.now();
  await seedLibrary();
  const api = await startFakeWecomApi();
  for (const r of REPORTERS) api.addKey(keyOf(r.userId));
  const env = botEnv({ mongoUri: o.mongoUri, redisUrl: o.redisUrl, apiBase: api.base });
  const bots: BotProcess[] = [];
  try {
    bots.push(await startBot(env));
    const clientFor = (base: string) =>
      createCallbackClient({ baseUrl: base, token: TOKEN, aesKey: AES_KEY });
    let client = clientFor(bots[0]!.base);
    const msgs = Array.from({ length: o.total }, (_, i) => {
      const r = REPORTERS[i % REPORTERS.length]!;
      const msgId = String(7_000_000_000_000_000_000n + BigInt(i) + BigInt(started) * 1000n);
      const plaintext = client.textPayload(
        {
          userId: r.userId,
          chatId: chatOf(r.userId),
          webhookKey: keyOf(r.userId),
          text: `进度 ${r.project} 本月完成投资${i + 1}万元`,
        },
        msgId,
      );
      return { i, msgId, plaintext, acked: false, sync: undefined as string | undefined };
    });

    let acked = 0;
    let killed = false;
    await pool(msgs, o.concurrency ?? 6, async (m) => {
      if (killed) return;
      try {
        const r = await client.deliver(m.plaintext, { msgId: m.msgId });
        if (r.status !== 200) return;
        m.acked = true;
        m.sync = r.reply?.content;
        acked++;
        if (acked >= o.killAt && !killed) {
          killed = true;
          bots[0]!.child.kill('SIGKILL');
        }
      } catch {
        // Connection reset by the kill: WeCom saw no answer and will retry.
      }
    });
    await bots[0]!.stop('SIGKILL');
    const ackedBeforeKill = acked;
    o.progress?.(`killed at ${acked} acknowledged, ${Math.round((Date.now() - started) / 1000)} s`);

    bots.push(await startBot(env));
    client = clientFor(bots[1]!.base);
    const retry = msgs.filter((m) => !m.acked);
    await pool(retry, o.concurrency ?? 6, async (m) => {
      for (let attempt = 0; attempt < 20 && !m.acked; attempt++) {
        const r = await client.deliver(m.plaintext, { msgId: m.msgId }).catch(() => undefined);
        if (r?.status === 200) {
          m.acked = true;
          m.sync = r.reply?.content;
        } else await new Promise((res) => setTimeout(res, 500));
      }
    });

    const ids = msgs.map((m) => m.msgId);
    o.progress?.(`all ${o.total} acknowledged after restart, ${Math.round((Date.now() - started) / 1000)} s`);
    // The database holds only this scenario's messages: cheap counts, polled gently (FerretDB is slow).
    await until(
      async () =>
        (await InboundMessageModel.countDocuments({ status: { $in: ['received', 'processing'] } })) === 0 &&
        (await InboundMessageModel.countDocuments({})) === o.total,
      o.processTimeoutMs ?? 180_000,
      'every message processed',
      1000,
    ).catch((err) => o.progress?.(String(err)));
    const unfinished = await InboundMessageModel.countDocuments({
      status: { $in: ['received', 'processing'] },
    });
    o.progress?.(
      `processing finished (${unfinished} unfinished), ${Math.round((Date.now() - started) / 1000)} s`,
    );
    const replyCount = () =>
      msgs.filter((m) => m.sync).length + REPORTERS.reduce((n, r) => n + api.sent(keyOf(r.userId)).length, 0);
    await until(() => replyCount() >= o.total, 120_000, 'every reply delivered', 250).catch(() => {});
    await new Promise((r) => setTimeout(r, 1500)); // would-be duplicates have time to arrive

    const perMsg = new Map<number, number>();
    const otherReplies: string[] = [];
    const count = (content: string | undefined) => {
      const n = content && AMOUNT.exec(content);
      if (n) perMsg.set(Number(n[1]) - 1, (perMsg.get(Number(n[1]) - 1) ?? 0) + 1);
      else otherReplies.push(String(content));
    };
    for (const m of msgs) if (m.sync) count(m.sync);
    for (const r of REPORTERS) for (const s of api.sent(keyOf(r.userId))) count(s.content);

    const reports = await ProgressReportModel.find({ sourceMsgId: { $in: ids } }, { sourceMsgId: 1 }).lean();
    const perReport = new Map<string, number>();
    for (const r of reports) perReport.set(r.sourceMsgId!, (perReport.get(r.sourceMsgId!) ?? 0) + 1);

    return {
      total: o.total,
      ackedBeforeKill,
      deliveredAfterRestart: retry.length,
      inboundStored: await InboundMessageModel.countDocuments({ msgId: { $in: ids } }),
      unfinished,
      reportsStored: perReport.size,
      duplicateReports: [...perReport.values()].filter((n) => n > 1).length,
      missingReports: ids.filter((id) => !perReport.has(id)).length,
      replies: perMsg.size,
      duplicateReplies: [...perMsg.values()].filter((n) => n > 1).length,
      missingReplies: msgs.filter((m) => !perMsg.has(m.i)).length,
      otherReplies,
      errors: bots
        .flatMap((b) => b.output().split('\n'))
        .filter((l) => l.includes('"level":"error"') || l.includes('"level":"fatal"'))
        .map((l) => l.slice(0, 600)),
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const b of bots) await b.stop('SIGKILL');
    await api.close();
  }
}
