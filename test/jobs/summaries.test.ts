import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/domain/messages.ts';
import { buildDaily, computeDaily } from '../../src/jobs/daily.ts';
import { buildMonthlyReminder, buildMonthlyRollup, computeMonthlyRollup } from '../../src/jobs/monthly.ts';
import { buildWeekly } from '../../src/jobs/weekly.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { contentEnv, PROJECTS, REPORTS, type SeededProblems, seedCounty, TODAY } from './seed.ts';

let env: ReturnType<typeof contentEnv>;
let seeded: SeededProblems;

beforeAll(async () => {
  const { svc, data } = await connectTestStores();
  env = contentEnv(testConfig(svc), data);
  seeded = await seedCounty(env.data);
});

const content = (r: Reply | undefined) =>
  r && (r.type === 'text' || r.type === 'markdown') ? r.content : '';

describe('日报', () => {
  it("lists that day's start, report and problems, and not other days'", async () => {
    const { data } = await computeDaily(env, TODAY);
    expect(data.events.map((e) => [e.projectCode, e.kind])).toEqual([['XC-004', '开工']]);
    expect(data.reports.map((r) => r.projectCode)).toEqual(['XC-001']);
    expect(data.raised).toEqual([seeded.raisedToday]);
    expect(data.resolved).toEqual([seeded.resolvedToday]);
    expect(data.overdue).toEqual([seeded.overdue, seeded.recentlyOverdue]);

    const [reply] = await buildDaily(env, TODAY);
    expect(reply?.type).toBe('markdown');
    const md = content(reply);
    expect(md).toContain('2021年8月16日（星期一）');
    expect(md).toContain('金泰医疗健康智能制造生态园');
    expect(md).toContain('今日收到进度报送 1 条');
    expect(md).toContain(
      '贺巴高速公路(忻城段) 2021年8月 完成1200万元，本年累计32200万元，占年度计划53.7%（张伟 10:32）',
    );
    expect(md).toContain(`#${seeded.raisedToday} `);
    expect(md).toContain(`#${seeded.resolvedToday} `);
    expect(md).toContain('逾期未办结 2 个');
    // The 20th's start and the 15th's report belong to other days.
    expect(md).not.toContain('福六水库工程（');
    expect(md).not.toContain('完成100万元');
    expect(md).not.toMatch(/\|.*\|.*\|/);
  });

  it('on the 15th shows the report sent that Sunday instead', async () => {
    const { data } = await computeDaily(env, '2021-08-15');
    expect(data.reports.map((r) => r.projectCode)).toEqual(['XC-004']);
    expect(data.events).toEqual([]);
    expect(data.raised).toEqual([]);
  });
});

describe('月调度', () => {
  it('reminds exactly the contacts whose projects have no report this month, with mentions', async () => {
    const replies = await buildMonthlyReminder(env, '2021-08', '2021-08-20');
    expect(replies).toHaveLength(1);
    const [r] = replies;
    expect(r?.type).toBe('text');
    // XC-002 (刘洋) and XC-003 (王芳) have no August report; XC-005 is 前期; XC-001 and XC-004 reported.
    expect(r && r.type === 'text' ? r.mentions : []).toEqual(['liuyang', 'wangfang']);
    const text = content(r);
    expect(text).toContain('截止日为8月25日（距截止还有5天）');
    expect(text).toContain('刘洋：广西来宾市忻城县福六水库工程');
    expect(text).toContain('王芳：三江口(忻城)茧丝绸产业园');
    expect(text).not.toContain('张伟');
    expect(text).not.toContain('赵磊');
    expect(text).not.toContain('板寻水库');
  });

  it('rolls the month up per project with totals equal to the stored reports', async () => {
    const d = await computeMonthlyRollup(env, '2021-07');
    const current = REPORTS.filter((r) => (r.state ?? 'current') === 'current');
    const ytdAsOf = (code: string) =>
      current
        .filter((r) => r.projectCode === code && r.month.startsWith('2021') && r.month <= '2021-07')
        .sort((a, b) => a.month.localeCompare(b.month))
        .at(-1)?.ytdAmount ?? 0;
    const expectedYtd = PROJECTS.reduce((n, p) => n + ytdAsOf(p.code), 0);
    const expectedMonth = current.filter((r) => r.month === '2021-07').reduce((n, r) => n + r.monthAmount, 0);
    expect(d.totals.ytd).toBe(expectedYtd);
    expect(d.totals.monthAmount).toBe(expectedMonth);
    expect(d.totals.reported).toBe(3);
    const p1 = d.rows.find((r) => r.code === 'XC-001')!;
    expect(p1).toMatchObject({
      monthAmount: 60_000_000,
      ytd: 310_000_000,
      share: '51.7%',
      progressText: '路基完成50%',
    });
    expect(p1.openProblems).toEqual([seeded.overdue]);

    const md = content((await buildMonthlyRollup(env, '2021-07'))[0]);
    expect(md).toContain('## 2021年7月重大项目月调度');
    expect(md).toContain('本年累计**39500万元**');
    expect(md).toContain(
      `**贺巴高速公路(忻城段)**：本月6000万元，本年累计31000万元，占年度计划51.7%；形象进度：路基完成50%；未办结问题1个（#${seeded.overdue}）`,
    );
    expect(md).toContain('**金泰医疗健康智能制造生态园**<font color="comment">（本月未报送）</font>');
  });
});

describe('周报', () => {
  it("groups the week's reports by county leader, commander and unit, and reminds non-reporters", async () => {
    const replies = await buildWeekly(env, '2021-08-20');
    expect(replies.map((r) => r.type)).toEqual(['markdown', 'text']);
    const md = content(replies[0]);
    expect(md).toContain('2021年第33周（8月16日—8月22日）');
    expect(md).toContain('本周收到进度报送 1 条');
    expect(md).toMatch(
      /- 李强：联系项目2个，本周报送1个，未办结问题<font color="warning">2<\/font>个。贺巴高速✓、福六水库/,
    );
    expect(md).toContain('**指挥长**');
    expect(md).toContain('- 县经贸局：联系项目2个，本周报送0个');
    const reminder = replies[1];
    expect(reminder?.type === 'text' && reminder.mentions).toEqual(['liuyang', 'wangfang']);
  });
});
