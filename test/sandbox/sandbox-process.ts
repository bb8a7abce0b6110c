/** Runs `npm run sandbox` (scripts/sandbox.ts) as a child process on the test's stores. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inheritedEnv } from '../../src/config.ts';
import { freePort } from '../../src/store/ferretdb.ts';
import type { TestServices } from '../helpers/services.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SandboxProcess {
  child: ChildProcess;
  /** The page URL the command printed. */
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startSandboxProcess(
  svc: TestServices,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<SandboxProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts', ...args], {
    cwd: ROOT,
    env: inheritedEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      MONGODB_URI: svc.mongoUri,
      REDIS_URL: svc.redisUrl,
      REDIS_KEY_PREFIX: svc.prefix,
      WECOM_TOKEN: '',
      WECOM_ENCODING_AES_KEY: '',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  let url: string | undefined;
  while (!url) {
    url = /sandbox page: (http\S+)/.exec(out)?.[1];
    if (url) break;
    if (child.exitCode !== null) throw new Error(`npm run sandbox exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm run sandbox did not print its URL in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
