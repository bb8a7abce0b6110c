/**
 * `npm run job -- NAME --dry-run --out DIR` through the CLI: the messages land in files (the 通报 as
 * Markdown, its chart as a PNG), nothing is queued for WeCom and no job run is recorded, so the real
 * run afterwards is not taken for "already done".
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunModel } from '../../models/job-run.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { officialCalendar } from '../../src/calendar/official.ts';
import { inheritedEnv } from '../../src/config.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { connectTestStores, type TestServices, testServices } from '../helpers/services.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const svc: TestServices = testServices();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xmdd-dry-run-'));
let redis: Awaited<ReturnType<typeof connectTestStores>>['redis'];
let data: Awaited<ReturnType<typeof connectTestStores>>['data'];

function runJob(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'job', '--', ...args], {
      cwd: ROOT,
      env: inheritedEnv({
        MONGODB_URI: svc.mongoUri,
        REDIS_URL: svc.redisUrl,
        REDIS_KEY_PREFIX: svc.prefix,
        // Any real post would go here and fail: the dry run must not try.
        WECOM_API_BASE: 'http://127.0.0.1:9',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      }),
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

beforeAll(async () => {
  const stores = await connectTestStores(svc);
  redis = stores.redis;
  data = stores.data;
  await importWorkbook(stores.data, 'demo/xincheng-demo.xlsx', { actor: 'test' });
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run job -- … --dry-run', () => {
  it('writes the 通报 and its chart to files, posts nothing and records no run', async () => {
    // As if June's 通报 had shown every project 红: July's red ones would get a 督办事项, and the dry
    // run says so without making any or storing July's colours.
    const codes = (await data.library.projects()).map((p) => p.code);
    await data.standings.save('2021-06', new Map(codes.map((c) => [c, '红' as const])), { at: new Date() });
    const dir = path.join(tmp, 'bulletin');
    const res = await runJob(['bulletin', '--date', '2021-08-05', '--dry-run', '--out', dir]);
    expect(res.out).toContain('试运行 / dry run');
    expect(res.code).toBe(0);
    const files = readdirSync(dir).sort();
    const md = files.filter((f) => f.endsWith('.md') && f !== 'index.md');
    const png = files.filter((f) => f.endsWith('.png'));
    expect(md.length).toBeGreaterThanOrEqual(1);
    expect(png).toHaveLength(1);
    const bulletin = readFileSync(path.join(dir, md[0]!), 'utf8');
    expect(bulletin).toContain('2021年7月重大项目建设情况通报');
    expect(bulletin).toContain(
      '贺巴高速公路(忻城段)：将派发督办事项（试运行，未派发），承办单位县交通运输局',
    );
    expect(await ProblemModel.countDocuments({ origin: 'rag' })).toBe(0);
    expect(await data.standings.get('2021-07')).toBeNull();
    expect(readFileSync(path.join(dir, png[0]!)).subarray(1, 4).toString()).toBe('PNG');
    const index = readFileSync(path.join(dir, 'index.md'), 'utf8');
    expect(index).toContain('县重大项目调度群');
    expect(index).toContain('县领导调度群');

    expect(await JobRunModel.countDocuments()).toBe(0);
    expect(await redis.keys(`${svc.prefix}bull:wecom-outbound:*`)).toEqual([]);
  }, 90_000);

  it('writes the 日报 of a working day, and refuses jobs that change records while they build', async () => {
    const dir = path.join(tmp, 'daily');
    const daily = await runJob(['daily', '--date', '2021-08-16', '--dry-run', '--out', dir]);
    expect(daily.code).toBe(0);
    const md = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'index.md');
    expect(readFileSync(path.join(dir, md[0]!), 'utf8')).toContain('重大项目日调度');

    const esc = await runJob(['escalations', '--dry-run', '--out', path.join(tmp, 'esc')]);
    expect(esc.code).toBe(2);
    expect(esc.out).toContain('不能试运行');
    const stray = await runJob(['daily', '--out', dir]);
    expect(stray.code).toBe(2);
    expect(await JobRunModel.countDocuments()).toBe(0);
  }, 90_000);

  it('shows the December 节假日提醒 for a year the official data lacks', async () => {
    const last = officialCalendar().years.at(-1)!;
    const dir = path.join(tmp, 'holidays');
    const res = await runJob(['holidays', '--date', `${last}-12-07`, '--dry-run', '--out', dir]);
    expect(res.code).toBe(0);
    const md = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'index.md');
    expect(md).toEqual(['01-通报.md']);
    expect(readFileSync(path.join(dir, md[0]!), 'utf8')).toContain(`## 请导入${last + 1}年节假日安排`);
    expect(await JobRunModel.countDocuments()).toBe(0);
  }, 90_000);
});
