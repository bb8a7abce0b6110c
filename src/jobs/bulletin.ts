/**
 * 月通报: sector investment vs the annual plan and the multi-year targets, projects of 10亿元 and
 * more, projects behind plan (红/黄/绿, rules in rag.ts), 三企入桂 四率 and open problems by tier, plus
 * a bar chart of each sector's 本年累计 against its 年度计划.
 */
import type { Colour } from '../data/index.ts';
import { FOUR_RATES_MIN_TOTAL } from '../domain/four-rates.ts';
import { markdown, type Reply, text } from '../domain/messages.ts';
import { formatYi, wanFromYuan } from '../domain/money.ts';
import { createProblemService } from '../services/problems.ts';
import { superviseRedTwice, supervisionMade } from '../services/supervision.ts';
import { type BulletinData, computeBulletin, type DomainFigures } from './bulletin-data.ts';
import { loadDirectory } from './data.ts';
import type { BarChartRenderer, ContentEnv } from './env.ts';
import { font, monthLabel, names, pct, ragBadge, shortDay, uniq, wan } from './format.ts';

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
    `## ${d.county ?? ''}${monthLabel(d.month)}重大项目建设情况通报`,
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
  lines.push(
    '',
    `**四、三企入桂项目“四率”**（签订正式协议、总投资${wan(FOUR_RATES_MIN_TOTAL)}以上的${r.projects}个项目；三企入桂项目共${r.tracked}个）`,
  );
  lines.push(
    `协议履约率${pct(r.agreementRate)}，资金到位率${pct(r.fundsRate)}，项目开工率${pct(r.startRate)}，竣工投产率${pct(r.completionRate)}`,
  );
  lines.push('', '**五、重点项目审批事项逾期情况**（10亿元以上项目和三企入桂项目）');
  if (!d.overdueApprovals.length) lines.push('无逾期审批事项。');
  for (const a of d.overdueApprovals) {
    const tag = [a.big ? '10亿元以上' : '', a.sanqi ? '三企入桂' : ''].filter(Boolean).join('、');
    lines.push(
      `- ${a.name}（${tag}）：${a.item.name}，时限${shortDay(a.item.deadline)}，${font('warning', `逾期${a.daysOverdue}天`)}`,
    );
  }
  lines.push('', '**六、未办结问题**');
  for (const t of d.problemsByTier) {
    const overdue = t.overdue ? `，其中逾期${font('warning', String(t.overdue))}个` : '';
    lines.push(`- ${t.tier}级（${t.name}）：${t.open}个${overdue}`);
  }
  const sup = d.supervision;
  if (sup && !sup.previousStored) {
    lines.push(
      '',
      font(
        'comment',
        `${monthLabel(sup.previousMonth)}通报的红黄绿未留存：连续两个月红色项目的督办从下月通报起执行。`,
      ),
    );
  }
  if (sup && (sup.made.length || sup.stillOpen.length || sup.noUnit.length)) {
    lines.push(
      '',
      `**七、连续两个月红色项目督办**（${monthLabel(sup.previousMonth)}、${monthLabel(d.month)}）`,
    );
    for (const m of sup.made)
      lines.push(
        sup.preview
          ? `- ${m.name}：将派发督办事项（试运行，未派发），承办单位${m.unitName}，由联系县领导（二级）督促协调`
          : `- ${m.name}：已派发督办事项 #${m.no}，承办单位${m.unitName}，由联系县领导（二级）督促协调`,
      );
    for (const m of sup.stillOpen) lines.push(`- ${m.name}：督办事项 #${m.no} 仍在办理，未重复派发`);
    for (const m of sup.noUnit) lines.push(`- ${m.name}：未登记牵头单位，请县重大办指定承办单位后派单`);
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
  opts: {
    renderChart?: BarChartRenderer;
    today?: string;
    /**
     * The bulletin job: store the month's colours and make the 督办事项 for projects 红 twice
     * running ('preview': a dry run, which says what it would make). A 通报 asked for in chat only
     * shows what the job made.
     */
    supervise?: boolean | 'preview';
  } = {},
): Promise<Reply[]> {
  const data = await computeBulletin(env.data, env.config, month, opts.today);
  if (env.county) data.county = env.county;
  data.supervision = opts.supervise
    ? await supervise(env, data, opts.supervise === 'preview')
    : await supervisionMade(env.data, month);
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
  // WeCom does not reliably notify <@id> in markdown: the people asked to act get a text with
  // mentioned_list, as the reminders do.
  if (opts.supervise === true && data.supervision?.made.length)
    replies.push(await supervisionNotice(env, data));
  return replies;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

async function supervisionNotice(env: ContentEnv, d: BulletinData): Promise<Reply> {
  const dir = await loadDirectory(env.data);
  const sup = d.supervision!;
  const lines = [
    `【红色项目督办】以下项目在${monthLabel(sup.previousMonth)}、${monthLabel(d.month)}通报中连续两个月为红色，已派发督办事项：`,
  ];
  for (const m of sup.made) {
    const who = m.mentions.length ? `｜请${names(m.mentions, dir.personName)}督促` : '';
    lines.push(`#${m.no} ${m.name}：承办单位${m.unitName}，二级（联系县领导）${who}`);
  }
  lines.push('整改落实后请发送“办结 #编号 办理情况”。');
  return text(lines.join('\n'), uniq(sup.made.flatMap((m) => m.mentions)));
}

const coloursOf = (d: BulletinData): Map<string, Colour> =>
  new Map(d.standings.map((s) => [s.code, s.colour]));

async function supervise(env: ContentEnv, d: BulletinData, preview: boolean) {
  const problems = createProblemService({
    clock: env.clock,
    data: env.data,
    config: env.config,
    calendar: async () => env.calendar,
  });
  return superviseRedTwice(
    { data: env.data, createTask: problems.createTask },
    {
      month: d.month,
      colours: coloursOf(d),
      reasons: new Map(d.standings.map((s) => [s.code, s.reasons])),
      at: env.clock.now(),
      preview,
    },
  );
}
