/**
 * 到期提醒 (every working day): 重要审批环节 not done and problem / 督办 deadlines falling due within
 * DUE_SOON_DAYS calendar days, or already past; the people who must act are @-mentioned.
 */

import { addDays, daysBetween } from '../calendar/dates.ts';
import { type Reply, text } from '../domain/messages.ts';
import { isOverdue } from '../domain/problem-rules.ts';
import { problemLine } from '../format/problem.ts';
import { dayRange, loadDirectory } from './data.ts';
import type { ContentEnv } from './env.ts';
import { longDay, names, uniq } from './format.ts';

export interface ReminderItem {
  kind: 'approval' | 'problem';
  projectCode?: string;
  label: string;
  deadline: string;
  overdue: boolean;
  mentions: string[];
  problemNo?: number;
}

function dueNote(deadline: string, today: string): string {
  const left = daysBetween(today, deadline);
  if (left > 0) return `${longDay(deadline)}前（还有${left}天）`;
  if (left === 0) return `${longDay(deadline)}前（今天到期）`;
  return `${longDay(deadline)}前（已逾期${-left}天）`;
}

export async function computeReminders(env: ContentEnv, today: string): Promise<ReminderItem[]> {
  const soon = addDays(today, env.config.DUE_SOON_DAYS);
  const [projects, dir, due] = await Promise.all([
    env.data.library.projects(),
    loadDirectory(env.data),
    env.data.problems.dueBy(soon),
  ]);
  const problems = due.sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.no - b.no);
  const byCode = new Map(projects.map((p) => [p.code, p]));
  const items: ReminderItem[] = [];
  for (const p of projects) {
    for (const a of p.approvals) {
      if (a.doneAt || a.deadline > soon) continue;
      items.push({
        kind: 'approval',
        projectCode: p.code,
        label: `${p.name} ${a.name}`,
        deadline: a.deadline,
        overdue: a.deadline < today,
        mentions: uniq([...p.contactIds, dir.unitHead(p.leadUnit)]),
      });
    }
  }
  items.sort((a, b) => a.deadline.localeCompare(b.deadline));
  const name = (code: string) => byCode.get(code)?.name ?? code;
  problems.forEach((x, i) => {
    const project = x.projectCode ? byCode.get(x.projectCode) : undefined;
    const head = dir.unitHead(x.unitName);
    items.push({
      kind: 'problem',
      projectCode: x.projectCode ?? undefined,
      label: problemLine(x, i + 1, name, today),
      deadline: x.deadline!,
      overdue: isOverdue(x, today),
      mentions: head ? [head] : uniq([...(project?.contactIds ?? []), ...(project?.commanderIds ?? [])]),
      problemNo: x.no,
    });
  });
  return items;
}

export async function buildReminders(env: ContentEnv, today: string): Promise<Reply[]> {
  const items = await computeReminders(env, today);
  if (!items.length) return [];
  const dir = await loadDirectory(env.data);
  const lines = [`【到期提醒】${longDay(today)}`];
  const approvals = items.filter((i) => i.kind === 'approval');
  const problems = items.filter((i) => i.kind === 'problem');
  if (approvals.length) {
    lines.push('一、重要审批事项');
    for (const a of approvals) {
      const who = a.mentions.length ? `｜请${names(a.mentions, dir.personName)}办理` : '';
      lines.push(`- ${a.overdue ? '【逾期】' : ''}${a.label}：${dueNote(a.deadline, today)}${who}`);
    }
  }
  if (problems.length) {
    lines.push(`${approvals.length ? '二' : '一'}、问题和督办事项`);
    for (const p of problems) {
      const who = p.mentions.length ? `｜请${names(p.mentions, dir.personName)}办理` : '';
      lines.push(`${p.label}${who}`);
    }
  }
  await recordOverdueReminders(problems, today, env);
  return [text(lines.join('\n'), uniq(items.flatMap((i) => i.mentions)))];
}

/** One 逾期提醒 history entry per overdue problem and day, however often the job is re-run. */
async function recordOverdueReminders(items: ReminderItem[], today: string, env: ContentEnv): Promise<void> {
  const { from } = dayRange(today, today, env.config.BOT_TIMEZONE);
  const now = env.clock.now();
  for (const item of items) {
    if (!item.overdue || item.problemNo === undefined) continue;
    await env.data.problems.markReminded(item.problemNo, from, {
      at: now,
      by: 'system',
      action: 'remind',
      note: `逾期提醒（${today}）`,
    });
  }
}
