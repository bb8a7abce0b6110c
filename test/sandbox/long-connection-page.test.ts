/**
 * The sandbox page in a real browser against `npm run sandbox -- --long-connection`: it says the
 * long connection is the way in, marks the bot's answers as having come over it, sends a voice
 * message, and a press on a card's button is answered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestStores } from '../helpers/services.ts';
import { type Browser, launchChromium } from './browser.ts';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.ts';

const GROUP = '县重大项目调度群';

let sandbox: SandboxProcess;
let browser: Browser;
let page: Page;

async function say(text: string): Promise<void> {
  const before = await page.getByTestId('msg-reply').count();
  await page.getByTestId('input').fill(text);
  await page.getByTestId('send').click();
  await expect.poll(() => page.getByTestId('msg-reply').count(), { timeout: 15_000 }).toBe(before + 1);
}

describe('sandbox page over the long connection', () => {
  beforeAll(async () => {
    const { svc } = await connectTestStores();
    browser = await launchChromium();
    sandbox = await startSandboxProcess(svc, {}, ['--long-connection']);
    page = await browser.context.newPage();
    await page.goto(sandbox.url);
    await page.locator('body[data-ready="1"]').waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('shows the long connection as the way in', async () => {
    expect(await page.getByTestId('way-in').textContent()).toContain('智能机器人长连接');
    expect(await page.getByTestId('chat-title').textContent()).toBe(GROUP);
    expect(await page.getByTestId('voice').isVisible()).toBe(true);
  });

  it('a report in the group is answered with a reply marked as from the long connection', async () => {
    await page.getByTestId('person').selectOption('zhangwei');
    // The bot connects a moment after the page is served.
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`${new URL(sandbox.url).origin}/sandbox/api/info`);
          return ((await res.json()) as { link: { connected: boolean } }).link.connected;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await say('进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%');
    const reply = page.getByTestId('msg-reply').last();
    expect(await reply.textContent()).toContain('已记录：贺巴高速公路(忻城段)');
    expect(await reply.locator('.tag').textContent()).toBe('长连接回复');
  });

  it('a voice message is marked as voice and answered as read from voice', async () => {
    await page.locator('[data-testid="chat-item"][data-chat="dm:zhangwei"]').click();
    await page.getByTestId('voice').check();
    await say('查 贺巴');
    await page.getByTestId('voice').uncheck();
    expect(await page.getByTestId('msg-user').last().locator('.tag').textContent()).toContain('语音');
    expect(await page.getByTestId('msg-reply').last().textContent()).toContain('语音识别');
  });

  it('an ambiguous query shows a card with buttons, and a press is answered', async () => {
    await page.getByTestId('input').fill('查 公路');
    await page.getByTestId('send').click();
    const button = page.getByTestId('card-button').filter({ hasText: '武忻' });
    await button.first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('msg-post').last().locator('.tag').textContent()).toBe('长连接发送');
    await button.first().click();
    const answer = page.getByTestId('msg-post').filter({ hasText: '【武宣至忻城高速公路】' });
    await answer.first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('msg-user').last().textContent()).toContain('点击按钮「2. 武忻高速」');
    await page
      .locator('.card-detail', { hasText: '已选择：2. 武忻高速' })
      .first()
      .waitFor({ timeout: 15_000 });
  });
});
