/**
 * 月通报: sector investment vs the annual plan and the multi-year targets, projects of 10亿元 and
 * more, projects behind plan (红/黄/绿, rules in rag.ts), 三企入桂 四率 and open problems by tier, plus
 * a bar chart of each sector's 本年累计 against its 年度计划.
 */
import { markdown, type Reply } from '../domain/messages.ts';
import { formatYi, wanFromYuan } from '../domain/money.ts';
import { type BulletinData, computeBulletin, type DomainFigures } from './bulletin-data.ts';
import type { BarChartRenderer, ContentEnv } from './env.ts';
import { font, monthLabel, pct, ragBadge, wan } from './format.ts';

function domainLine(d: DomainFigures): string {
  const parts = [
    `**${d.domain}**（${d.projects}个项目）：本年累计${wan(d.ytd)}，年度计划${wan(d.annualPlan)}，完成${pct(d.annualShare)}`,
  ];
  if (d.target) {
    parts.push(
      `${d.target.fromYear}—${d.target.toYear}年累计${formatYi(d.target.cumulative)}，目标${formatYi(d.target.amount)}，完成${pct(d.target.share)}`,
    );
  }
  return `- ${parts.join('；')}`;
}

export function bulletinMarkdown(d: BulletinData): string {
  const lines = [
    `## ${monthLabel(d.month)}重大项目建设情况通报`,
    `序时进度按月计：${d.month.slice(5, 7).replace(/^0/, '')}/12 = ${d.schedulePct.toFixed(1)}%。`,
    '',
    '**一、分领域投资完成情况**',
    ...d.domains.map(domainLine),
    '',
    '**二、10亿元以上项目**',
  ];
  if (!d.bigProjects.length) lines.push('无。');
  for (const p of d.bigProjects) {
    const progress = p.progressText ? `；形象进度：${p.progressText}` : '';
    lines.push(
      `- ${ragBadge(p.colour)}${p.name}（${p.status}，总投资${formatYi(p.totalInvestment)}）：本年累计${wan(p.ytd)}，占年度计划${pct(p.sharePct)}${progress}`,
    );
  }
  const behind = d.standings.filter((s) => s.colour !== '绿');
  const red = behind.filter((s) => s.colour === '红');
  const yellow = behind.filter((s) => s.colour === '黄');
  lines.push(
    '',
    `**三、进度滞后项目**（红${red.length}个、黄${yellow.length}个、绿${d.standings.length - behind.length}个）`,
  );
  if (!behind.length) lines.push('全部项目进度正常。');
  for (const s of [...red, ...yellow])
    lines.push(`- ${ragBadge(s.colour)}${s.name}：${s.reasons.join('；')}`);
  const r = d.fourRates;
  lines.push('', `**四、三企入桂项目“四率”**（${r.projects}个项目）`);
  lines.push(
    `协议履约率${pct(r.agreementRate)}，资金到位率${pct(r.fundsRate)}，项目开工率${pct(r.startRate)}，竣工投产率${pct(r.completionRate)}`,
  );
  lines.push('', '**五、未办结问题**');
  for (const t of d.problemsByTier) {
    const overdue = t.overdue ? `，其中逾期${font('warning', String(t.overdue))}个` : '';
    lines.push(`- ${t.tier}级（${t.name}）：${t.open}个${overdue}`);
  }
  lines.push(
    '',
    font(
      'comment',
      `判定规则：投资进度落后序时进度${d.gaps.red}个百分点以上，或计划开工/竣工日期已过仍未开工/竣工为红；落后${d.gaps.yellow}个百分点以上为黄；其余为绿。`,
    ),
  );
  return lines.join('\n');
}

export async function buildBulletin(
  env: ContentEnv,
  month: string,
  opts: { renderChart?: BarChartRenderer; today?: string } = {},
): Promise<Reply[]> {
  const data = await computeBulletin(env.data, env.config, month, opts.today);
  const replies: Reply[] = [markdown(bulletinMarkdown(data))];
  const sectors = data.sectors.filter((s) => s.projects > 0);
  if (opts.renderChart && sectors.length) {
    const png = await opts.renderChart({
      title: `${monthLabel(month)}分领域投资完成情况`,
      categories: sectors.map((s) => s.domain),
      series: [
        { name: '本年累计', values: sectors.map((s) => round2(wanFromYuan(s.ytd))) },
        { name: '年度计划', values: sectors.map((s) => round2(wanFromYuan(s.annualPlan))) },
      ],
      unit: '万元',
      ratio: { numerator: 0, denominator: 1 },
    });
    replies.push({ type: 'image', png, caption: `${monthLabel(month)}分领域投资完成情况（万元）` });
  }
  return replies;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
