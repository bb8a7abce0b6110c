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

function runImport(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'import', '--', file], {
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

  it('exits 1 when the file cannot be read', async () => {
    const missing = await runImport(path.join(tmp, 'nope.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/无法读取工作簿/);
    const garbage = path.join(tmp, 'garbage.xlsx');
    writeFileSync(garbage, 'not a workbook');
    expect((await runImport(garbage)).code).toBe(1);
  }, 60_000);
});
