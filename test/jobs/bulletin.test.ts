import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectModel } from '../../models/project.model.ts';
import { SECTORS } from '../../src/domain/vocabulary.ts';
import { buildBulletin, bulletinMarkdown } from '../../src/jobs/bulletin.ts';
import { computeBulletin } from '../../src/jobs/bulletin-data.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { contentEnv, PROJECTS, REPORTS, seedCounty, TARGETS } from './seed.ts';

let env: ReturnType<typeof contentEnv>;

beforeAll(async () => {
  const { svc, data } = await connectTestStores();
  env = contentEnv(testConfig(svc), data);
  await seedCounty(env.data);
});

// Independent of the code under test: straight from the seeded arrays.
const current = REPORTS.filter((r) => (r.state ?? 'current') === 'current');
function ytd(code: string, month: string): number {
  const year = month.slice(0, 4);
  const mine = current
    .filter((r) => r.projectCode === code && r.month.startsWith(year) && r.month <= month)
    .sort((a, b) => a.month.localeCompare(b.month));
  return mine.at(-1)?.ytdAmount ?? 0;
}
const members = (domain: string) =>
  PROJECTS.filter(
    (p) => domain === '全部' || p.sector === domain || (p.specialCategories ?? []).includes(domain),
  );

describe('月通报 numbers', () => {
  it('sector 本年累计 and shares of the annual plan equal the stored reports', async () => {
    const d = await computeBulletin(env.data, env.config, '2021-07');
    expect(d.schedulePct).toBeCloseTo((7 / 12) * 100, 6);
    const sectors = [...new Set(PROJECTS.map((p) => p.sector))];
    expect(d.sectors.map((s) => s.domain).sort()).toEqual(SECTORS.filter((s) => sectors.includes(s)).sort());
    for (const domain of ['全部', ...sectors, '五网', '三企入桂']) {
      const ps = members(domain);
      const expectYtd = ps.reduce((n, p) => n + ytd(p.code, '2021-07'), 0);
      const expectPlan = ps.reduce((n, p) => n + p.annualPlan, 0);
      const got = d.domains.find((x) => x.domain === domain);
      expect(got, domain).toBeDefined();
      expect(got!.ytd, domain).toBe(expectYtd);
      expect(got!.annualPlan, domain).toBe(expectPlan);
      expect(got!.annualShare!, domain).toBeCloseTo((expectYtd / expectPlan) * 100, 6);
    }
    expect(d.domains.find((x) => x.domain === '交通')!.ytd).toBe(310_000_000);
  });

  it('three-year totals add each year’s 本年累计 from the target’s first year to the month', async () => {
    const d = await computeBulletin(env.data, env.config, '2022-02');
    for (const t of TARGETS) {
      let cumulative = 0;
      for (const p of members(t.domain)) cumulative += ytd(p.code, '2021-12') + ytd(p.code, '2022-02');
      const got = d.domains.find((x) => x.domain === t.domain)!;
      expect(got.target, t.domain).toMatchObject({
        fromYear: 2021,
        toYear: 2023,
        amount: t.target,
        cumulative,
      });
      expect(got.target!.share!).toBeCloseTo((cumulative / t.target) * 100, 6);
    }
    // 贺巴 322 (2021) + 70 (2022); 茧丝绸 180 + 40; 金泰 1; 福六 5 — in 百万元.
    expect(d.domains.find((x) => x.domain === '全部')!.target!.cumulative).toBe(618_000_000);
  });

  it('colours projects by the documented rules', async () => {
    const { RAG_YELLOW_GAP: yellow, RAG_RED_GAP: red } = env.config;
    const d = await computeBulletin(env.data, env.config, '2021-07');
    const schedule = (7 / 12) * 100;
    const expected: Record<string, string> = {};
    for (const p of PROJECTS) {
      const share = p.annualPlan ? (ytd(p.code, '2021-07') / p.annualPlan) * 100 : null;
      const gap = share === null ? 0 : schedule - share;
      // 福六水库 was planned to start in May 2021 and only started on 2021-08-20.
      const missedStart = p.code === 'XC-002';
      expected[p.code] = gap > red || missedStart ? '红' : gap > yellow ? '黄' : '绿';
    }
    expect(Object.fromEntries(d.standings.map((s) => [s.code, s.colour]))).toEqual(expected);
    expect(expected).toEqual({
      'XC-001': '绿',
      'XC-002': '红',
      'XC-003': '黄',
      'XC-004': '红',
      'XC-005': '绿',
    });
    expect(d.standings.find((s) => s.code === 'XC-002')!.reasons).toContain('计划2021-05开工，尚未开工');
    // By the end of August it has started: only its investment is judged.
    const aug = await computeBulletin(env.data, env.config, '2021-08');
    expect(aug.standings.find((s) => s.code === 'XC-002')!.reasons.join()).not.toContain('开工');
    expect(d.bigProjects.map((p) => p.code)).toEqual(['XC-001']);
  });

  it('counts for 三企入桂 四率 only the projects with a signed agreement and 总投资 of 5,000万元 or more', async () => {
    const d = await computeBulletin(env.data, env.config, '2021-07');
    // 茧丝绸 (协议6亿, 总投资5亿) counts; 金泰 has no agreement.
    expect(d.fourRates).toMatchObject({ tracked: 2, projects: 1 });
    expect(d.fourRates.agreementRate).toBeCloseTo((150_000_000 / 600_000_000) * 100, 9);
    expect(d.fourRates.fundsRate).toBeCloseTo((150_000_000 / 600_000_000) * 100, 9);
    expect(d.fourRates.startRate).toBe(100);
    expect(d.fourRates.completionRate).toBe(0);
  });

  it('counts open problems by tier, overdue as of the given day', async () => {
    const d = await computeBulletin(env.data, env.config, '2021-07', '2021-08-16');
    expect(d.problemsByTier.map((t) => [t.tier, t.open, t.overdue])).toEqual([
      [1, 3, 2],
      [2, 0, 0],
      [3, 1, 0],
      [4, 0, 0],
    ]);
  });
});

describe('月通报 message', () => {
  it('has the sections, colours, and a valid chart PNG', async () => {
    const replies = await buildBulletin(env, '2021-07', {
      renderChart: (await import('../../src/charts/bar-chart.ts')).renderBarChart,
      today: '2021-08-16',
    });
    expect(replies.map((r) => r.type)).toEqual(['markdown', 'image']);
    const md = replies[0]!.type === 'markdown' ? replies[0]!.content : '';
    expect(md).toContain('## 2021年7月重大项目建设情况通报');
    expect(md).toContain(
      '**交通**（1个项目）：本年累计31000万元，年度计划60000万元，完成51.7%；2021—2023年累计3.1亿元，目标45亿元，完成6.9%',
    );
    expect(md).toContain(
      '<font color="warning">【红】</font>广西来宾市忻城县福六水库工程：计划2021-05开工，尚未开工',
    );
    expect(md).toContain('<font color="comment">【黄】</font>三江口(忻城)茧丝绸产业园');
    expect(md).toContain(
      '**四、三企入桂项目“四率”**（签订正式协议、总投资5000万元以上的1个项目；三企入桂项目共2个）',
    );
    expect(md).toContain('协议履约率25.0%，资金到位率25.0%，项目开工率100.0%，竣工投产率0.0%');
    // 贺巴 (32亿) has 用地报批 due 2021-08-18 and 环评批复 due 2021-08-30: neither overdue on 08-16.
    expect(md).toContain(
      '**五、重点项目审批事项逾期情况**（10亿元以上项目和三企入桂项目）\n无逾期审批事项。',
    );
    expect(md).toContain('**六、未办结问题**');
    expect(md).toContain('- 1级（项目业主与联系单位）：3个，其中逾期<font color="warning">2</font>个');
    expect(md).not.toMatch(/\|.*\|.*\|/);
    const img = replies[1]!;
    if (img.type !== 'image') throw new Error('expected an image');
    expect(img.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(img.png.length).toBeGreaterThan(2000);
  });

  it('says 暂无数据 when no 三企入桂 project has a signed agreement', async () => {
    await ProjectModel.updateOne({ code: 'XC-003' }, { $unset: { agreedInvestment: 1, fundsInPlace: 1 } });
    await env.data.library.changed();
    try {
      const replies = await buildBulletin(env, '2021-07');
      expect(replies.map((r) => r.type)).toEqual(['markdown']);
      const md = replies[0]!.type === 'markdown' ? replies[0]!.content : '';
      expect(md).toContain('协议履约率暂无数据，资金到位率暂无数据，项目开工率暂无数据，竣工投产率暂无数据');
    } finally {
      await ProjectModel.updateOne(
        { code: 'XC-003' },
        { $set: { agreedInvestment: 600_000_000, fundsInPlace: 150_000_000 } },
      );
      await env.data.library.changed();
    }
  });
});

describe('三企入桂 四率 in the 通报, with 资金 reported in chat', () => {
  it('uses the workbook figures plus every month reported, over the projects that count', async () => {
    // 金泰 gets a signed agreement (2亿, 总投资3亿): it now counts. 茧丝绸 reports 3000万 for July.
    await ProjectModel.updateOne({ code: 'XC-004' }, { $set: { agreedInvestment: 200_000_000 } });
    await env.data.library.changed();
    await env.data.funds.submit({
      projectCode: 'XC-003',
      month: '2021-07',
      amount: 30_000_000,
      reporterId: 'wangfang',
      at: new Date('2021-08-05T10:00:00+08:00'),
    });
    // A report for September counts nowhere in July's 通报.
    await env.data.funds.submit({
      projectCode: 'XC-004',
      month: '2021-09',
      amount: 90_000_000,
      reporterId: 'zhaolei',
      at: new Date('2021-09-05T10:00:00+08:00'),
    });
    try {
      const july = await computeBulletin(env.data, env.config, '2021-07');
      expect(july.fourRates.projects).toBe(2);
      // Σ协议投资 8亿. Since the start: 茧丝绸 1.5亿 (开工累计), 金泰 nothing yet.
      expect(july.fourRates.agreementRate).toBeCloseTo((150_000_000 / 800_000_000) * 100, 9);
      // 茧丝绸 1.5亿 in the workbook + 3000万 reported; 金泰 nothing by July.
      expect(july.fourRates.fundsRate).toBeCloseTo((180_000_000 / 800_000_000) * 100, 9);
      // 金泰 started on 2021-08-16.
      expect(july.fourRates.startRate).toBe(50);
      expect(july.fourRates.completionRate).toBe(0);
      const aug = await computeBulletin(env.data, env.config, '2021-08');
      // 金泰's 2021-08 report (100万) is its investment since the start.
      expect(aug.fourRates.agreementRate).toBeCloseTo((151_000_000 / 800_000_000) * 100, 9);
      expect(aug.fourRates.startRate).toBe(100);
      const md = bulletinMarkdown(july);
      expect(md).toContain('协议履约率18.8%，资金到位率22.5%，项目开工率50.0%，竣工投产率0.0%');
    } finally {
      await ProjectModel.updateOne({ code: 'XC-004' }, { $unset: { agreedInvestment: 1 } });
      await env.data.library.changed();
    }
  });
});

describe('overdue approvals in the 通报', () => {
  it('lists the overdue items of projects of 10亿元 and more and of 三企入桂 projects, most overdue first', async () => {
    await ProjectModel.updateOne(
      { code: 'XC-003' },
      { $set: { approvals: [{ name: '施工许可', deadline: '2021-08-01' }] } },
    );
    // 福六水库 (8亿, not 三企入桂) is neither: its overdue item is not listed.
    await ProjectModel.updateOne(
      { code: 'XC-002' },
      { $set: { approvals: [{ name: '取水许可', deadline: '2021-08-01' }] } },
    );
    await env.data.library.changed();
    const d = await computeBulletin(env.data, env.config, '2021-08', '2021-08-20');
    expect(d.overdueApprovals.map((a) => [a.code, a.item.name, a.daysOverdue])).toEqual([
      ['XC-003', '施工许可', 19],
      ['XC-001', '用地报批', 2],
    ]);
    const md = bulletinMarkdown(d);
    expect(md).toContain(
      '- 三江口(忻城)茧丝绸产业园（三企入桂）：施工许可，时限8月1日，<font color="warning">逾期19天</font>',
    );
    expect(md).toContain('- 贺巴高速公路(忻城段)（10亿元以上）：用地报批，时限8月18日');
    expect(md).not.toContain('取水许可');
  });
});
