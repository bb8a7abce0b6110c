/**
 * The sandbox page as a person uses it, in Debian's Chromium against `npm run sandbox`: the message
 * pane scrolls and the input stays on screen after 60 messages (desktop and phone sizes, with a
 * screenshot of each), a typed "@项目调度助手 …" is shown and sent once, a reload keeps the
 * conversation, and the sandbox's today is the demo's, so the first 通报 has figures.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestStores } from '../helpers/services.ts';
import { type Browser, launchChromium } from './browser.ts';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.ts';

const GROUP = '县重大项目调度群';
const SHOTS = path.join(os.tmpdir(), 'xmdd-sandbox-shots');

let sandbox: SandboxProcess;
let browser: Browser;
let page: Page;

async function open(p: Page): Promise<void> {
  await p.goto(sandbox.url);
  await p.locator('body[data-ready="1"]').waitFor({ timeout: 15_000 });
}

async function say(p: Page, text: string): Promise<void> {
  const before = await p.getByTestId('msg-reply').count();
  await p.getByTestId('input').fill(text);
  await p.getByTestId('input').press('Enter');
  await expect.poll(() => p.getByTestId('msg-reply').count(), { timeout: 15_000 }).toBe(before + 1);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Layout {
  viewport: { width: number; height: number };
  pageHeight: number;
  input: Box;
  send: Box;
  messages: Box;
  side: Box;
  pane: { scrollHeight: number; clientHeight: number; scrollTop: number };
}

/** Where things are on screen, and how the message pane is scrolled. */
async function layout(p: Page): Promise<Layout> {
  // A string, so the test's TypeScript needs no DOM types; it runs in the page.
  const script = `(() => {
    const box = (id) => {
      const r = document.querySelector('[data-testid="' + id + '"]').getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const pane = document.querySelector('[data-testid="messages"]');
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      pageHeight: document.documentElement.scrollHeight,
      input: box('input'),
      send: box('send'),
      messages: box('messages'),
      side: box('side'),
      pane: { scrollHeight: pane.scrollHeight, clientHeight: pane.clientHeight, scrollTop: pane.scrollTop },
    };
  })()`;
  return (await p.evaluate(script)) as Layout;
}

function expectUsable(l: Layout): void {
  // The page itself never grows past the window: only the pane scrolls.
  expect(l.pageHeight).toBeLessThanOrEqual(l.viewport.height);
  for (const b of [l.input, l.send]) {
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height).toBeLessThanOrEqual(l.viewport.height);
    expect(b.x + b.width).toBeLessThanOrEqual(l.viewport.width);
  }
  expect(l.pane.scrollHeight).toBeGreaterThan(l.pane.clientHeight);
  // Scrolled to the newest message.
  expect(l.pane.scrollTop + l.pane.clientHeight).toBeGreaterThanOrEqual(l.pane.scrollHeight - 2);
}

/** A screenshot of the window, kept for a person to look at; its size is the window's. */
async function screenshot(p: Page, name: string, size: { width: number; height: number }): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const png = await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(size.width);
  expect(png.readUInt32BE(20)).toBe(size.height);
}

describe('sandbox page layout, history and dates', () => {
  beforeAll(async () => {
    const { svc } = await connectTestStores();
    browser = await launchChromium();
    // Sixty messages from one person in a minute are fine here: this test is not about flood control.
    sandbox = await startSandboxProcess(svc, { USER_RATE_PER_MIN: '1000' });
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it("runs on the demo's dates and its first 通报 has figures", async () => {
    expect(sandbox.output()).toContain('沙盒日期 / sandbox date:      2021-08-16');
    expect(await page.getByTestId('job-date').inputValue()).toBe('2021-08-16');
    await page.getByTestId('person').selectOption('huangmin');
    await page.getByTestId('job').selectOption('bulletin');
    await page.getByTestId('run-job').click();
    await expect
      .poll(() => page.getByTestId('job-result').textContent(), { timeout: 30_000 })
      .toContain('已执行：月通报');
    const post = page.getByTestId('msg-post').filter({ hasText: '2021年7月重大项目建设情况通报' });
    await post.first().waitFor({ timeout: 20_000 });
    const text = (await post.allTextContents()).join('\n');
    // Sector lines carry this year's figures, not zeros.
    expect(text).toMatch(/本年累计[1-9][\d,.]*万元/);
    expect(text).toMatch(/完成[1-9][\d.]*%/);
    expect(text).toMatch(/红\d+个、黄\d+个、绿[1-9]\d*个/);
  }, 60_000);

  it('shows and sends a typed "@项目调度助手 …" once', async () => {
    await page.getByTestId('person').selectOption('zhangwei');
    await say(page, '@项目调度助手 查 贺巴');
    const mine = (await page.getByTestId('msg-user').last().textContent()) ?? '';
    expect(mine.match(/@项目调度助手/g)).toHaveLength(1);
    expect(mine).toContain('@项目调度助手 查 贺巴');
    // The bot read it as the command (a project card), not as text starting with its own name.
    expect(await page.getByTestId('msg-reply').last().textContent()).toContain('贺巴高速公路(忻城段)');
  }, 30_000);

  it('keeps the input on screen and the pane scrolled to the end after 60 messages (1280×800)', async () => {
    for (let i = 0; i < 60; i++) await say(page, i % 2 ? '帮助' : '查 贺巴');
    const l = await layout(page);
    expectUsable(l);
    expect(await page.getByTestId('msg-user').count()).toBeGreaterThanOrEqual(61);
    await screenshot(page, 'desktop-1280x800', { width: 1280, height: 800 });
  }, 120_000);

  it('shows the same conversation after a reload', async () => {
    // The words of each message (the clock shown beside them is the browser's or the server's).
    const userTexts = () => page.locator('[data-testid="msg-user"] .bubble').allTextContents();
    const users = await userTexts();
    const replies = await page.getByTestId('msg-reply').count();
    const posts = await page.getByTestId('msg-post').count();
    await page.reload();
    await page.locator('body[data-ready="1"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('chat-title').textContent()).toBe(GROUP);
    expect(await userTexts()).toEqual(users);
    expect(await page.getByTestId('msg-reply').count()).toBe(replies);
    expect(await page.getByTestId('msg-post').count()).toBe(posts);
    expectUsable(await layout(page));
    // Another browser session has its own conversation (the group posts are everyone's).
    const other = await browser.context.browser()?.newContext();
    if (other) {
      const p2 = await other.newPage();
      await open(p2);
      expect(await p2.getByTestId('msg-user').count()).toBe(0);
      await other.close();
    }
  }, 60_000);

  it('is usable at phone size (390×844): the chat takes the width, the rest opens as a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    let l = await layout(page);
    expect(l.messages.width).toBeGreaterThanOrEqual(360);
    expect(l.side.x + l.side.width).toBeLessThanOrEqual(0);
    expectUsable(l);
    await screenshot(page, 'phone-390x844', { width: 390, height: 844 });

    await page.getByTestId('side-toggle').click();
    await expect.poll(async () => (await layout(page)).side.x).toBe(0);
    await screenshot(page, 'phone-390x844-drawer', { width: 390, height: 844 });
    await page.locator('[data-testid="chat-item"][data-chat="dm:zhangwei"]').click();
    await expect
      .poll(async () => {
        const s = (await layout(page)).side;
        return s.x + s.width;
      })
      .toBeLessThanOrEqual(0);
    expect(await page.getByTestId('chat-title').textContent()).toContain('私聊');
    await say(page, '查 贺巴');
    l = await layout(page);
    expect(l.input.y + l.input.height).toBeLessThanOrEqual(844);
  }, 60_000);
});
