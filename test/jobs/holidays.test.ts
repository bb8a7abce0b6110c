/**
 * 节假日提醒 through the job runner: in December of a year whose successor the official data does not
 * cover, the 通报 groups are told once a week how to import the holidays; a covered year, or one whose
 * 节假日 rows were imported, gets nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/dates.ts';
import { officialCalendar } from '../../src/calendar/official.ts';
import { createWorkCalendar } from '../../src/calendar/work-calendar.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import type { Data } from '../../src/data/index.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { createLogger } from '../../src/logger.ts';
import { defaultJobs } from '../../src/schedule/registry.ts';
import { runJobOnce } from '../../src/schedule/run-once.ts';
import { jobRunners } from '../../src/schedule/runners.ts';
import type { JobDeps, PostTarget } from '../../src/schedule/types.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { workbookBuffer } from '../import/workbook-fixture.ts';

const log = createLogger('silent');
const stores = await connectTestStores();
const config: Config = testConfig(stores.svc);
const data: Data = stores.data;
/** The first year the shipped official data does not have (2027 with chinese-days 1.5.7). */
const LAST = officialCalendar().years.at(-1)!;
const MISSING = LAST + 1;

const holidays = { ...defaultJobs().get('holidays')!, run: jobRunners().holidays };
const posts: Array<{ target: PostTarget; reply: Reply }> = [];

function deps(): JobDeps {
  return {
    config,
    clock: new FixedClock(`${LAST}-12-01T09:00:00+08:00`),
    log,
    redis: stores.redis,
    data,
    instanceId: 'test',
    calendar: async () => createWorkCalendar(await data.settings.holidays(), log),
    post: async (target, reply) => {
      posts.push({ target, reply });
      return 2;
    },
  };
}

/** The December days the scheduler would run the job on. */
async function runDays(year: number): Promise<string[]> {
  const cal = await deps().calendar();
  const out: string[] = [];
  for (let d = `${year}-12-01`; d <= `${year}-12-31`; d = addDays(d, 1))
    if (holidays.due(d, cal, config)) out.push(d);
  return out;
}

const content = (r: Reply) => (r.type === 'markdown' || r.type === 'text' ? r.content : '');

beforeAll(() => {
  expect(officialCalendar().covers(MISSING)).toBe(false);
  expect(officialCalendar().covers(LAST)).toBe(true);
});

describe('节假日提醒', () => {
  it('in December before an uncovered year, tells the 通报 groups how to import it, once a week', async () => {
    const days = await runDays(LAST);
    expect(days.length).toBeGreaterThanOrEqual(4);
    const first = await runJobOnce(holidays, days[0]!, deps(), { check: 'due', trigger: 'schedule' });
    expect(first).toMatchObject({ status: 'done', outcome: { posted: 2 } });
    expect(posts).toHaveLength(1);
    expect(posts[0]!.target).toEqual({ subscription: '通报' });
    const text = content(posts[0]!.reply);
    expect(text).toContain(`## 请导入${MISSING}年节假日安排`);
    expect(text).toContain(`内置的国家法定节假日安排只到${LAST}年`);
    expect(text).toContain('“节假日”工作表');
    expect(text).toMatch(/日期\*\*、\*\*类型\*\*、\*\*名称/);
    expect(text).toContain('类型填“休”');
    expect(text).toContain('类型填“班”');
    expect(text).toContain('`npm run import -- 工作簿.xlsx`');

    // A second firing the same week (another instance, a restart's catch-up, `npm run job`) posts nothing.
    const again = await runJobOnce(holidays, days[0]!, deps(), { check: 'due', trigger: 'catch-up' });
    expect(again.status).toBe('already-done');
    const sameWeek = await runJobOnce(holidays, addDays(days[1]!, -1), deps(), {
      check: 'none',
      trigger: 'cli',
    });
    expect(sameWeek.status).toBe('already-done');
    expect(posts).toHaveLength(1);

    // The next week reminds again.
    const next = await runJobOnce(holidays, days[1]!, deps(), { check: 'due', trigger: 'schedule' });
    expect(next).toMatchObject({ status: 'done', outcome: { posted: 2 } });
    expect(posts).toHaveLength(2);
  });

  it('posts nothing in December before a year the official data covers', async () => {
    const before = posts.length;
    const [day] = await runDays(LAST - 1);
    const r = await runJobOnce(holidays, day!, deps(), { check: 'due', trigger: 'schedule' });
    expect(r).toMatchObject({
      status: 'done',
      outcome: { posted: 0, summary: `${LAST}年节假日安排已有，无需提醒` },
    });
    expect(posts).toHaveLength(before);
  });

  it('stops once the year’s 节假日 sheet is imported', async () => {
    const result = await importWorkbook(
      data,
      await workbookBuffer({
        节假日: [
          ['日期', '类型', '名称'],
          [`${MISSING}-01-01`, '休', '元旦'],
        ],
      }),
    );
    expect(result.sheets.节假日).toMatchObject({ created: 1, errors: 0 });
    const before = posts.length;
    const days = await runDays(LAST);
    const r = await runJobOnce(holidays, days[2]!, deps(), { check: 'due', trigger: 'schedule' });
    expect(r).toMatchObject({ status: 'done', outcome: { posted: 0 } });
    expect(posts).toHaveLength(before);
  });
});
