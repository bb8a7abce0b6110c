import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(c.BOT_NAME).toBe('项目调度助手');
    expect(c.BOT_TIMEZONE).toBe('Asia/Shanghai');
    expect(c.MONGODB_URI).toBeUndefined();
    expect(c.wecomConfigured).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /PORT/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must start with redis:\/\//],
    [{ MONGODB_URI: 'http://x' }, /MONGODB_URI/],
    [{ BOT_TIMEZONE: 'Mars/Base' }, /BOT_TIMEZONE is not an IANA time zone/],
    [
      { WECOM_TOKEN: 'abc', WECOM_ENCODING_AES_KEY: 'short' },
      /WECOM_ENCODING_AES_KEY must be the 43-character/,
    ],
    [{ WECOM_TOKEN: 'abc' }, /WECOM_ENCODING_AES_KEY must be set together/],
    [{ WECOM_API_BASE: 'not a url' }, /WECOM_API_BASE/],
    [{ BOT_SANDBOX: '1', NODE_ENV: 'production' }, /BOT_SANDBOX cannot be enabled/],
    [{ DAILY_SUMMARY_TIME: '25:00' }, /DAILY_SUMMARY_TIME/],
    [
      { PROBLEM_DEADLINE_DAYS: '审批=abc' },
      /^Invalid configuration: PROBLEM_DEADLINE_DAYS must be 类别=工作日数 pairs/,
    ],
    [{ PROBLEM_DEADLINE_DAYS: '道路=5' }, /PROBLEM_DEADLINE_DAYS .*"道路=5" is not one/],
    [
      { PROBLEM_DEADLINE_DAYS: '审批=0' },
      /PROBLEM_DEADLINE_DAYS "审批=0": the working days must be 1 to 365/,
    ],
    [{ ESCALATION_DEADLINE_DAYS: '0' }, /ESCALATION_DEADLINE_DAYS/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    let err: Error | undefined;
    try {
      loadConfig(env);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(message);
    expect(err?.message.split('\n')).toHaveLength(1);
  });

  it('never echoes secrets in the error line', () => {
    expect(() => loadConfig({ WECOM_TOKEN: 'sec ret!', WECOM_ENCODING_AES_KEY: 'x'.repeat(43) })).toThrow(
      /^Invalid configuration: WECOM_TOKEN must be 3-32 letters or digits$/,
    );
  });

  it('reads the default deadlines per category over the plan’s defaults', () => {
    expect(loadConfig({}).PROBLEM_DEADLINE_DAYS).toEqual({
      审批: 10,
      用地: 15,
      征地拆迁: 15,
      资金: 10,
      要素保障: 10,
      建设环境: 5,
      其他: 10,
    });
    expect(
      loadConfig({ PROBLEM_DEADLINE_DAYS: '审批=7，用地：20 建设环境=3' }).PROBLEM_DEADLINE_DAYS,
    ).toMatchObject({
      审批: 7,
      用地: 20,
      建设环境: 3,
      征地拆迁: 15,
    });
    expect(loadConfig({}).ESCALATION_DEADLINE_DAYS).toBe(5);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).PORT).toBe(3000);
  });
});
