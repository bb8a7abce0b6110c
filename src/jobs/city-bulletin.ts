/**
 * The city 通报 (design.md "A city with several counties"), posted to the city's groups: one row per
 * county (年度计划, 本年累计, 完成率, 红/黄/绿, overdue problems), each 行业领域 summed across the
 * counties, the city's projects of 10亿元 and more, and a chart by county.
 */
import { markdown, type Reply } from '../domain/messages.ts';
import { formatYi, wanFromYuan } from '../domain/money.ts';
import { type CityBulletinData, computeCityBulletin } from './bulletin-data.ts';
import type { BarChartRenderer, ContentEnv } from './env.ts';
import { font, monthLabel, pct, ragBadge, wan } from './format.ts';

export function cityBulletinMarkdown(d: CityBulletinData): string {
  const lines = [
    `## ${monthLabel(d.month)}全市重大项目建设情况通报`,
    `序时进度按月计：${d.month.slice(5, 7).replace(/^0/, '')}/12 = ${d.schedulePct.toFixed(1)}%。`,
    '',
    '**一、各县区投资完成情况**',
  ];
  for (const c of d.counties) {
    const overdue = c.overdueProblems ? font('warning', String(c.overdueProblems)) : '0';
    lines.push(
      `- **${c.county}**（${c.projects}个项目）：年度计划${wan(c.annualPlan)}，本年累计${wan(c.ytd)}，完成率${pct(c.share)}；红${c.red}个、黄${c.yellow}个、绿${c.green}个；逾期问题${overdue}个`,
    );
  }
  const plan = d.counties.reduce((n, c) => n + c.annualPlan, 0);
  const ytd = d.counties.reduce((n, c) => n + c.ytd, 0);
  lines.push(
    `- **全市合计**：年度计划${wan(plan)}，本年累计${wan(ytd)}，完成率${pct(plan ? (ytd / plan) * 100 : null)}`,
  );
  lines.push('', '**二、分领域投资完成情况**（各县区合计）');
  for (const s of d.sectors) {
    lines.push(
      `- **${s.domain}**（${s.projects}个项目）：本年累计${wan(s.ytd)}，年度计划${wan(s.annualPlan)}，完成${pct(s.annualShare)}`,
    );
  }
  lines.push('', '**三、10亿元以上项目**');
  if (!d.bigProjects.length) lines.push('无。');
  for (const p of d.bigProjects) {
    lines.push(
      `- ${ragBadge(p.colour)}${p.name}（${p.county}，${p.status}，总投资${formatYi(p.totalInvestment)}）：本年累计${wan(p.ytd)}，占年度计划${pct(p.sharePct)}`,
    );
  }
  lines.push('', '**四、未办结问题**');
  for (const t of d.problemsByTier) {
    const overdue = t.overdue ? `，其中逾期${font('warning', String(t.overdue))}个` : '';
    lines.push(`- ${t.tier}级（${t.name}）：${t.open}个${overdue}`);
  }
  return lines.join('\n');
}

export async function buildCityBulletin(
  env: ContentEnv,
  month: string,
  opts: { renderChart?: BarChartRenderer; today?: string } = {},
): Promise<Reply[]> {
  const d = await computeCityBulletin(env.data, env.config, month, opts.today);
  const replies: Reply[] = [markdown(cityBulletinMarkdown(d))];
  if (opts.renderChart && d.counties.length) {
    const round2 = (n: number) => Math.round(n * 100) / 100;
    const png = await opts.renderChart({
      title: `${monthLabel(month)}各县区投资完成情况`,
      categories: d.counties.map((c) => c.county),
      series: [
        { name: '本年累计', values: d.counties.map((c) => round2(wanFromYuan(c.ytd))) },
        { name: '年度计划', values: d.counties.map((c) => round2(wanFromYuan(c.annualPlan))) },
      ],
      unit: '万元',
      ratio: { numerator: 0, denominator: 1 },
    });
    replies.push({ type: 'image', png, caption: `${monthLabel(month)}各县区投资完成情况（万元）` });
  }
  return replies;
}
