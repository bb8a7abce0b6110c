/**
 * 协调会议程 (draft): the open tier-3 problems — those for the 县重大项目协调领导小组 — grouped by
 * project, each with its responsible unit and how long it has been open.
 */

import { daysBetween, localDate } from '../calendar/dates.ts';
import { markdown, type Reply } from '../domain/messages.ts';
import type { ContentEnv } from './env.ts';
import { font, longDay, shortDay } from './format.ts';

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const cn = (i: number) => (i < 10 ? CN[i]! : String(i + 1));

export interface AgendaItem {
  projectCode?: string;
  projectName: string;
  problems: Array<{
    no: number;
    category: string;
    description: string;
    unitName?: string;
    openDays: number;
    deadline?: string;
  }>;
}

export async function computeAgenda(env: ContentEnv, today: string): Promise<AgendaItem[]> {
  const tz = env.config.BOT_TIMEZONE;
  const [open, projects] = await Promise.all([
    env.data.problems.list({ tier: 3 }),
    env.data.library.projects(),
  ]);
  const byCode = new Map(projects.map((p) => [p.code, p]));
  const groups = new Map<string, AgendaItem>();
  for (const p of open) {
    const key = p.projectCode ?? '';
    const item = groups.get(key) ?? {
      projectCode: p.projectCode ?? undefined,
      projectName: p.projectCode ? (byCode.get(p.projectCode)?.name ?? p.projectCode) : '其他督办事项',
      problems: [],
    };
    const raised = p.createdAt ? localDate(p.createdAt, tz) : today;
    item.problems.push({
      no: p.no,
      category: p.kind === 'task' ? '督办' : p.category,
      description: p.description,
      unitName: p.unitName ?? undefined,
      openDays: Math.max(0, daysBetween(raised, today)),
      deadline: p.deadline ?? undefined,
    });
    groups.set(key, item);
  }
  // Projects first in code order; problems without a project close the agenda.
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([, v]) => v);
}

export async function buildAgenda(env: ContentEnv, today: string): Promise<Reply[]> {
  const items = await computeAgenda(env, today);
  const count = items.reduce((n, i) => n + i.problems.length, 0);
  const lines = [
    `## 县重大项目协调领导小组协调会议程（草案）`,
    `${longDay(today)}拟定，共${items.length}个项目、${count}个问题。`,
  ];
  if (!items.length) {
    lines.push('', '目前没有提交县重大项目协调领导小组协调的问题。');
    return [markdown(lines.join('\n'))];
  }
  items.forEach((item, i) => {
    lines.push('', `**${cn(i)}、${item.projectName}**`);
    for (const p of item.problems) {
      const due = p.deadline ? `，时限${shortDay(p.deadline)}` : '';
      const age = p.openDays > 30 ? font('warning', `已${p.openDays}天`) : `已${p.openDays}天`;
      lines.push(
        `- #${p.no}【${p.category}】${p.description}（责任单位：${p.unitName ?? '未明确'}，${age}${due}）`,
      );
    }
  });
  lines.push('', font('comment', '请各责任单位会前准备办理情况和需会议协调事项。'));
  return [markdown(lines.join('\n'))];
}
