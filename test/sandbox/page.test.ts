/**
 * The sandbox page in a real browser against `npm run sandbox`: a project contact reports progress
 * and raises a problem in the county group, sends a site photo in a direct chat, and the 重大办 runs
 * the daily summary; the page shows the bot's replies and posts as WeCom would.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestStores } from '../helpers/services.ts';
import { type Browser, launchChromium } from './browser.ts';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.ts';

// An 8×8 red PNG, as a phone photo would arrive.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC',
  'base64',
);
const GROUP = '县重大项目调度群';

let sandbox: SandboxProcess;
let browser: Browser;
let page: Page;

async function say(text: string): Promise<void> {
  const before = await page.getByTestId('msg-reply').count();
  await page.getByTestId('input').fill(text);
  await page.getByTestId('send').click();
  await expect.poll(() => page.getByTestId('msg-reply').count(), { timeout: 10_000 }).toBe(before + 1);
}

describe('sandbox page', () => {
  beforeAll(async () => {
    const { svc } = await connectTestStores();
    browser = await launchChromium();
    sandbox = await startSandboxProcess(svc);
    page = await browser.context.newPage();
    await page.goto(sandbox.url);
    await page.locator('body[data-ready="1"]').waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('lists the imported people and groups, and opens on the county group', async () => {
    await expect.poll(() => page.getByTestId('chat-item').count()).toBe(4);
    expect(await page.getByTestId('chat-title').textContent()).toBe(GROUP);
    expect(await page.locator('#person option[value="zhangwei"]').textContent()).toContain('张伟');
  });

  it('sends a progress report as "@项目调度助手 …" and shows the recorded figures', async () => {
    await page.getByTestId('person').selectOption('zhangwei');
    expect(await page.getByTestId('person-info').textContent()).toContain('项目联系人');
    await say('进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%');
    const mine = page.getByTestId('msg-user').last();
    expect(await mine.textContent()).toContain('@项目调度助手 进度 贺巴 本月完成投资1200万元');
    const reply = await page.getByTestId('msg-reply').last().textContent();
    expect(reply).toContain('已记录：贺巴高速公路(忻城段)');
    expect(reply).toContain('完成投资1200万元，本年累计32000万元，占年度计划16.0%');
  });

  it('raises a problem and highlights the people asked to act', async () => {
    await say('问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调');
    const reply = page.getByTestId('msg-reply').last();
    expect(await reply.textContent()).toMatch(/已登记问题 #\d+：贺巴高速公路\(忻城段\)/);
    // mentioned_list shown by name, as the WeCom client does.
    const mentions = await reply.locator('.mention').allTextContents();
    expect(mentions).toEqual(expect.arrayContaining(['@王芳', '@陈军']));
  });

  it('attaches a site photo sent in the direct chat to the report', async () => {
    await page.locator('[data-testid="chat-item"][data-chat="dm:zhangwei"]').click();
    expect(await page.getByTestId('chat-title').textContent()).toContain('私聊');
    const before = await page.getByTestId('msg-reply').count();
    await page
      .getByTestId('image-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PHOTO });
    await expect.poll(() => page.getByTestId('msg-reply').count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await page.getByTestId('msg-photo').count()).toBe(1);
    expect(await page.getByTestId('msg-reply').last().textContent()).toContain(
      '已附图片至贺巴高速公路(忻城段)',
    );
  });

  it("runs the daily summary for today and renders the group's markdown post", async () => {
    await page.locator(`[data-testid="chat-item"][data-chat="group:${GROUP}"]`).click();
    await page.getByTestId('person').selectOption('huangmin');
    await page.getByTestId('job').selectOption('daily');
    await page.getByTestId('run-job').click();
    await expect
      .poll(() => page.getByTestId('job-result').textContent(), { timeout: 20_000 })
      .toContain('已执行：日报');
    const post = page.getByTestId('msg-post').filter({ hasText: '重大项目日调度' });
    await post.first().waitFor({ timeout: 15_000 });
    expect(await post.first().locator('h2').textContent()).toContain('重大项目日调度');
    expect(await post.first().locator('strong').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('今日收到进度报送 1 条')]),
    );
    // The transport group subscribes to 日报 too: its copy waits there, counted as unread.
    const transport = page.locator('[data-testid="chat-item"][data-chat="group:交通项目专班群"] .badge');
    await expect.poll(() => transport.textContent()).toBe('1');
  });
});
