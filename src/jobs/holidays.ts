/**
 * 节假日提醒: the official holiday data the bot ships (chinese-days) covers the years the State Council
 * had announced when the package was released; for a later year the working-day calendar quietly
 * counts Monday–Friday, without the holidays and the 调休 working weekends. In December, while the
 * bot knows nothing of next year (no official data and no 节假日 row of that year imported), the
 * 重大办 is told how to import the year's arrangement.
 */
import { officialCalendar } from '../calendar/official.ts';
import { markdown, type Reply } from '../domain/messages.ts';
import type { ContentEnv } from './env.ts';
import { font } from './format.ts';

export interface HolidayCoverage {
  year: number;
  /** The official data has this year. */
  official: boolean;
  /** 节假日 rows of this year imported from the workbook. */
  overrides: number;
  /** The last year the official data has. */
  lastOfficialYear?: number;
}

export async function holidayCoverage(env: Pick<ContentEnv, 'data'>, year: number): Promise<HolidayCoverage> {
  const official = officialCalendar();
  const rows = await env.data.settings.holidays();
  return {
    year,
    official: official.covers(year),
    overrides: rows.filter((r) => r.date.startsWith(`${year}-`)).length,
    lastOfficialYear: official.years.at(-1),
  };
}

export function holidayNoticeMarkdown(c: HolidayCoverage): string {
  const y = c.year;
  const known = c.lastOfficialYear ? `机器人内置的国家法定节假日安排只到${c.lastOfficialYear}年，` : '';
  return [
    `## 请导入${y}年节假日安排`,
    `${known}${y}年的放假和调休安排尚未导入。${y}年1月1日起，机器人将只按周一至周五计算工作日，不考虑节日放假和调休上班，` +
      '日报、报送截止提醒、月通报、到期提醒和逾期升级的日期可能与实际不符。',
    '',
    `国务院办公厅公布${y}年部分节假日安排后，请按以下步骤导入：`,
    '1. 在项目库工作簿中新建“节假日”工作表，第一行填列名：**日期**、**类型**、**名称**；',
    `2. 放假的日子每天填一行，类型填“休”，如 \`${y}-01-01\`、\`休\`、\`元旦\`；调休上班的周六、周日每天填一行，类型填“班”；`,
    '3. 由运维人员执行 `npm run import -- 工作簿.xlsx` 导入。工作簿可以只有“节假日”一张表，其他内容不变。',
    '',
    font(
      'comment',
      `导入后不再提醒，导入前每周提醒一次。运维人员升级机器人后，如新版本已含${y}年安排，也不再提醒。`,
    ),
  ].join('\n');
}

/** The reminder for the year after `date`'s, or nothing when the bot already knows that year. */
export async function buildHolidayNotice(env: Pick<ContentEnv, 'data'>, date: string): Promise<Reply[]> {
  const coverage = await holidayCoverage(env, Number(date.slice(0, 4)) + 1);
  if (coverage.official || coverage.overrides > 0) return [];
  return [markdown(holidayNoticeMarkdown(coverage))];
}
