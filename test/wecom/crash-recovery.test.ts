import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InboundMessageModel } from '../../models/inbound-message.model.ts';
import { inheritedEnv } from '../../src/config.ts';
import { startFakeWecomApi } from '../fake-wecom/api-server.ts';
import { createCallbackClient } from '../fake-wecom/callback-client.ts';
import { connectTestStores } from '../helpers/services.ts';
import { AES_KEY, TOKEN, until } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { svc } = await connectTestStores();
const api = await startFakeWecomApi();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await api.close();
});

async function startCrashBot(args: string[]): Promise<{ child: ChildProcess; base: string; out(): string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/wecom/crash-bot.ts', ...args], {
    cwd: ROOT,
    env: inheritedEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: svc.mongoUri,
      REDIS_URL: svc.redisUrl,
      REDIS_KEY_PREFIX: svc.prefix,
      WECOM_TOKEN: TOKEN,
      WECOM_ENCODING_AES_KEY: AES_KEY,
      WECOM_API_BASE: api.base,
      REPLY_BUDGET_MS: '300',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  await until(() => {
    if (child.exitCode !== null) throw new Error(`crash bot exited:\n${out}`);
    return /listening on/.test(out);
  }, 30_000);
  return { child, base: /listening on (\S+)/.exec(out)![1]!, out: () => out };
}

describe('a message acknowledged but not processed when the process dies', () => {
  it('is processed after the restart and its reply pushed through the webhook', async () => {
    api.addKey('k-crash');
    const first = await startCrashBot(['--hang']);
    const client = createCallbackClient({ baseUrl: first.base, token: TOKEN, aesKey: AES_KEY });
    const r = await client.sendText({
      userId: 'zhangsan',
      chatId: 'wrCRASH',
      text: 'hang 进度 贺巴',
      webhookKey: 'k-crash',
    });
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect((await InboundMessageModel.findOne({ msgId: r.msgId }).lean())?.status).toBe('processing');
    first.child.kill('SIGKILL');
    await new Promise((res) => first.child.once('exit', res));
    expect(api.sent('k-crash')).toHaveLength(0);

    const second = await startCrashBot([]);
    expect(second.out()).toMatch(/recovered 1/);
    await until(() => api.sent('k-crash').length === 1, 15_000);
    expect(api.sent('k-crash')[0]).toMatchObject({
      content: '已处理：hang 进度 贺巴',
      mentions: ['zhangsan'],
    });
    await until(
      async () => (await InboundMessageModel.findOne({ msgId: r.msgId }).lean())?.status === 'processed',
    );
    second.child.kill('SIGTERM');
  });
});
