import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createAibotWs } from '../../src/wecom/aibot-ws/index.ts';

function configError(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

describe('long-connection configuration', () => {
  it('is off by default, with WeCom public gateway and a conservative per-chat limit', () => {
    const c = loadConfig({});
    expect(c.aibotWsConfigured).toBe(false);
    expect(c.WECOM_AIBOT_WS_URL).toBe('wss://openws.work.weixin.qq.com');
    expect(c.WECOM_AIBOT_CHAT_LIMIT_PER_MIN).toBe(20);
  });

  it('is on with both the bot id and the secret', () => {
    const c = loadConfig({
      WECOM_AIBOT_ID: 'aibXXXX',
      WECOM_AIBOT_SECRET: 's3cr3t',
      WECOM_AIBOT_WS_URL: 'ws://127.0.0.1:9000',
      WECOM_AIBOT_CHAT_LIMIT_PER_MIN: '10',
    });
    expect(c).toMatchObject({ aibotWsConfigured: true, WECOM_AIBOT_CHAT_LIMIT_PER_MIN: 10 });
  });

  it.each([
    [{ WECOM_AIBOT_ID: 'aibXXXX' }, /WECOM_AIBOT_SECRET must be set together with its partner/],
    [{ WECOM_AIBOT_SECRET: 's3cr3t' }, /WECOM_AIBOT_ID must be set together with its partner/],
    [
      { WECOM_AIBOT_WS_URL: 'https://openws.work.weixin.qq.com' },
      /WECOM_AIBOT_WS_URL must be a ws:\/\/ or wss:\/\//,
    ],
    [{ WECOM_AIBOT_CHAT_LIMIT_PER_MIN: '0' }, /WECOM_AIBOT_CHAT_LIMIT_PER_MIN/],
    [{ WECOM_AIBOT_CHAT_LIMIT_PER_MIN: 'many' }, /WECOM_AIBOT_CHAT_LIMIT_PER_MIN/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    const err = configError(env);
    expect(err).toMatch(message);
    expect(err?.split('\n')).toHaveLength(1);
  });

  it('never echoes the secret or the bot id in the error line', () => {
    const err = configError({ WECOM_AIBOT_ID: 'aib XX', WECOM_AIBOT_SECRET: 'top secret' });
    expect(err).toMatch(/^Invalid configuration: WECOM_AIBOT_ID must be 1-256 characters without spaces$/);
    expect(configError({ WECOM_AIBOT_ID: 'aibX', WECOM_AIBOT_SECRET: 'top secret' })).not.toContain(
      'top secret',
    );
  });

  it('keeps the secret out of the log', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(l) });
    const config = loadConfig({ WECOM_AIBOT_ID: 'aibXXXX', WECOM_AIBOT_SECRET: 's3cr3t-value' });
    log.info({ config }, 'configuration');
    expect(lines.join('')).not.toContain('s3cr3t-value');
  });

  it('builds no connection when the credentials are not set', () => {
    expect(
      createAibotWs({ config: loadConfig({}), redis: {} as never, log: createLogger('silent') }),
    ).toBeUndefined();
  });
});
