import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inheritedEnv } from '../../src/config.ts';
import { AES_KEY, type Harness, startHarness, TOKEN } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Async on purpose: the bot under test runs in this process and must keep answering. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send-callback.ts', ...args], {
    cwd: ROOT,
    env: inheritedEnv({ WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY, LOG_LEVEL: 'silent' }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

describe('npm run callback', () => {
  it('sends one callback by hand and prints the decrypted reply', async () => {
    const r = await run([
      '--url',
      h.base,
      '--user',
      'zhangsan',
      '--chat',
      'wrHAND',
      '@项目调度助手 echo 手工测试',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/HTTP 200/);
    expect(r.stdout).toContain('手工测试');
    expect(r.stdout).toContain('@zhangsan');
    expect(h.seen.some((m) => m.text === '@项目调度助手 echo 手工测试' && m.chatId === 'wrHAND')).toBe(true);
  });

  it('checks URL verification', async () => {
    const r = await run(['--url', h.base, '--verify']);
    expect(r.stdout).toMatch(/URL verification: HTTP 200 OK/);
    expect(r.status).toBe(0);
  });
});
