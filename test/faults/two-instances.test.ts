import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { inheritedEnv } from '../../src/config.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient, randomMsgId } from '../fake-wecom/callback-client.ts';
import { startBot } from '../helpers/bot-process.ts';
import { connectTestStores } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';
import { AES_KEY, botEnv, chatOf, keyOf, REPORTERS, TOKEN, until } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { svc } = await connectTestStores();
await seedLibrary();
await GroupModel.create({
  name: '县重大项目调度群',
  webhookKey: 'k-daily',
  subscriptions: ['日报'],
  allProjects: true,
});
const api = await startFakeWecomApi();
for (const r of REPORTERS) api.addKey(keyOf(r.userId));
api.addKey('k-daily');
const env = botEnv({ mongoUri: svc.mongoUri, redisUrl: svc.redisUrl, apiBase: api.base, prefix: svc.prefix });
const bots = await Promise.all([startBot(env), startBot(env)]);
afterAll(async () => {
  for (const b of bots) await b.stop('SIGKILL');
  await api.close();
});

function runJob(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/job.ts', ...args], {
    cwd: ROOT,
    env: inheritedEnv({ ...env, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    out += b.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('two bot instances on the same FerretDB and Redis', () => {
  it('processes a MsgId that reaches both instances at once exactly once', async () => {
    const clients = bots.map((b) => createCallbackClient({ baseUrl: b.base, token: TOKEN, aesKey: AES_KEY }));
    const ids: string[] = [];
    for (let n = 1; n <= 16; n++) {
      const r = REPORTERS[n % REPORTERS.length]!;
      const msgId = randomMsgId();
      ids.push(msgId);
      const plain = clients[0]!.textPayload(
        {
          userId: r.userId,
          chatId: chatOf(r.userId),
          webhookKey: keyOf(r.userId),
          text: `进度 ${r.project} 本月完成投资${40 + n}万元`,
        },
        msgId,
      );
      const answers = await Promise.all(clients.map((c) => c.deliver(plain, { msgId })));
      for (const a of answers) expect(a.status).toBe(200);
      const synced = answers.map((a) => a.reply?.content).filter(Boolean);
      // Whichever instance answers, it is the one stored answer.
      expect(new Set(synced).size).toBeLessThanOrEqual(1);
    }
    await until(
      async () =>
        (await InboundMessageModel.countDocuments({ msgId: { $in: ids }, status: 'processed' })) ===
        ids.length,
      30_000,
      'all processed',
    );
    const reports = await ProgressReportModel.find({ sourceMsgId: { $in: ids } }).lean();
    expect(reports).toHaveLength(ids.length);
    expect(new Set(reports.map((r) => r.sourceMsgId)).size).toBe(ids.length);
    const inbound = await InboundMessageModel.find({ msgId: { $in: ids } }).lean();
    expect(inbound.map((m) => m.attempts)).toEqual(ids.map(() => 1));
    console.log(
      `[faults] two instances: ${ids.length} MsgIds sent to both at once → ${reports.length} reports, each dispatched once`,
    );
  }, 60_000);

  it('posts a daily summary once when two `npm run job -- daily` run at the same time', async () => {
    const runs = await Promise.all([
      runJob(['daily', '--date', '2021-08-20']),
      runJob(['daily', '--date', '2021-08-20']),
    ]);
    const outs = runs.map((r) => r.out);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(outs.filter((o) => /已执行 \/ done/.test(o))).toHaveLength(1);
    expect(outs.filter((o) => /already done|another process/.test(o))).toHaveLength(1);
    await until(() => api.sent('k-daily').length >= 1, 20_000, 'daily summary posted').catch((e) => {
      throw new Error(`${e.message}: ${outs.join('\n---\n')}`);
    });
    await new Promise((r) => setTimeout(r, 1500));
    const contents = api.sent('k-daily').map((s) => s.content);
    expect(contents.length).toBeGreaterThan(0);
    expect(new Set(contents).size).toBe(contents.length);
    expect(contents.join('\n')).toMatch(/日报|日调度/);
    console.log(
      `[faults] two concurrent daily jobs: ${contents.length} message(s) posted once; outputs: ${outs.map((o) => o.trim().split('\n').pop()).join(' | ')}`,
    );
  }, 60_000);
});
