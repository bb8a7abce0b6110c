/** The sandbox exists only when asked for, and never in production. */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { wireBot } from '../../src/wiring.ts';
import { connectTestStores, testConfig, testServices } from '../helpers/services.ts';
import { startSandboxProcess } from './sandbox-process.ts';

describe('sandbox availability', () => {
  let runtime: Runtime | undefined;
  afterAll(async () => {
    await runtime?.stop();
  });

  it('is not served by a bot started without BOT_SANDBOX', async () => {
    const { svc } = await connectTestStores();
    const config = testConfig(svc, {
      WECOM_TOKEN: 'sandboxoff1',
      WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
    });
    runtime = await createRuntime({ config, log: createLogger('silent'), mongoUri: svc.mongoUri });
    await wireBot(runtime);
    const base = `http://127.0.0.1:${await runtime.listen()}`;
    for (const path of ['/sandbox', '/sandbox/api/people', '/sandbox/api/events']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    const say = await fetch(`${base}/sandbox/api/say`, { method: 'POST', body: '{}' });
    expect(say.status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('npm run sandbox refuses to start with NODE_ENV=production', async () => {
    // The configuration is refused before any store is touched.
    await expect(startSandboxProcess(testServices(), { NODE_ENV: 'production' })).rejects.toThrow(
      /BOT_SANDBOX cannot be enabled when NODE_ENV=production/,
    );
  });
});
