import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectModel } from '../../models/project.model.ts';
import { inheritedEnv } from '../../src/config.ts';
import { connectTestStores, type TestServices, testServices } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from './workbook-fixture.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const svc: TestServices = testServices();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xmdd-import-cli-'));

beforeAll(async () => {
  await connectTestStores(svc);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runImport(file: string, ...options: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'import', '--', file, ...options], {
      cwd: ROOT,
      env: inheritedEnv({ MONGODB_URI: svc.mongoUri, LOG_LEVEL: 'warn', NODE_ENV: 'test' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run import', () => {
  it('imports the demo workbook, prints the summary and exits 0; again: all unchanged', async () => {
    const first = await runImport('demo/xincheng-demo.xlsx');
    expect(first.out).toMatch(/项目库: 新增 32 · 更新 0 · 未变 0 · 错误 0/);
    expect(first.code).toBe(0);
    expect(await ProjectModel.countDocuments()).toBe(32);

    const again = await runImport('demo/xincheng-demo.xlsx');
    expect(again.out).toMatch(/项目库: 新增 0 · 更新 0 · 未变 32 · 错误 0/);
    expect(again.out).toMatch(/合计: 新增 0 · 更新 0/);
    expect(again.code).toBe(0);
  }, 60_000);

  it('lists bad rows and exits 2 while loading the good ones', async () => {
    const file = path.join(tmp, 'bad.xlsx');
    writeFileSync(
      file,
      await workbookBuffer({
        项目库: [
          PROJECT_HEADER,
          projectRow({ 项目编号: 'CLI-1' }),
          projectRow({ 项目编号: 'CLI-2', 行业领域: '工业园' }),
        ],
      }),
    );
    const run = await runImport(file);
    expect(run.out).toContain('项目库 第3行 行业领域: 行业领域「工业园」不在可选值中');
    expect(run.code).toBe(2);
    expect(await ProjectModel.countDocuments({ code: 'CLI-1' })).toBe(1);
  }, 60_000);

  it('shows a big import’s progress as a counts line every few seconds when the output is not a terminal', async () => {
    const rows = 2000;
    const file = path.join(tmp, 'big.xlsx');
    writeFileSync(
      file,
      await workbookBuffer({
        项目库: [
          PROJECT_HEADER,
          ...Array.from({ length: rows }, (_, i) =>
            projectRow({ 项目编号: `BIG-${i + 1}`, 项目名称: `进度测试项目${i + 1}`, 简称: `进度${i + 1}` }),
          ),
        ],
      }),
    );
    const started = Date.now();
    const run = await runImport(file, '--progress-every', '0.25');
    const seconds = (Date.now() - started) / 1000;
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/项目库: 新增 2000 · 更新 0 · 未变 0 · 错误 0/);
    // A pipe gets whole lines: no carriage return, no terminal escape.
    expect(run.out).not.toMatch(/[\r\x1b]/);
    const counts = [...run.out.matchAll(/^ {2}项目库：(\d+)\/2000 行（(\d+)%）$/gm)].map((m) => Number(m[1]));
    expect(counts.length, run.out).toBeGreaterThanOrEqual(2);
    // Rising, and the sheet's last line says it finished.
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(new Set(counts).size).toBe(counts.length);
    expect(counts.at(-1)).toBe(rows);
    expect(counts.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.25) + 1);
    expect(run.out.indexOf('项目库（2000 行）…')).toBeLessThan(run.out.indexOf('项目库：'));

    // The default is a line every 5 seconds; 0 turns the lines off.
    const quiet = await runImport(file, '--progress-every', '0');
    expect(quiet.code).toBe(0);
    expect(quiet.out).not.toMatch(/项目库：\d+\/2000/);
    expect(quiet.out).toMatch(/项目库: 新增 0 · 更新 0 · 未变 2000 · 错误 0/);
    const bad = await runImport(file, '--progress-every', 'often');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('--progress-every 应为秒数');
  }, 120_000);

  it('exits 1 when the file cannot be read', async () => {
    const missing = await runImport(path.join(tmp, 'nope.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/无法读取工作簿/);
    const garbage = path.join(tmp, 'garbage.xlsx');
    writeFileSync(garbage, 'not a workbook');
    expect((await runImport(garbage)).code).toBe(1);
  }, 60_000);
});
