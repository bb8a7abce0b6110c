/**
 * The replies that tell people a problem changed, each @-mentioning whoever must act next:
 * the unit's head and the project's commander on raise / assign / 派单, the new tier on 升级.
 */
import type { Library, ProblemDoc } from '../../src/data/index.ts';
import { type Reply, text } from '../../src/domain/messages.ts';
import { formatDay, kindLabel, monthDay, tierLabel } from '../../src/format/problem.ts';
import type { Escalation } from '../../src/services/problem-escalate.ts';
import { nameOf, type ProjectFacts, type UnitFacts, unique } from '../../src/services/problem-people.ts';

function subject(p: ProblemDoc, project: ProjectFacts | null): string {
  const where = project ? project.name : (p.projectCode ?? '');
  if (p.kind === 'task') return where ? `${where}，${p.description}` : p.description;
  return `${where}【${p.category}】${p.description}`;
}

async function namesOf(library: Library, ids: string[]): Promise<string> {
  const name = await nameOf(library, ids);
  return ids.map(name).join('、');
}

/** "请县自然资源局负责人王芳、指挥长李强跟进办理。" plus the ids to @. */
async function actOn(
  library: Library,
  unit: UnitFacts | null,
  project: ProjectFacts | null,
): Promise<{ line: string; ids: string[] }> {
  const headId = unit?.headId ?? null;
  const commanders = project?.commanderIds ?? [];
  const ids = unique([headId, ...commanders]);
  if (!ids.length) return { line: '', ids };
  const name = await nameOf(library, ids);
  const who: string[] = [];
  if (headId && unit) who.push(`${unit.name}负责人${name(headId)}`);
  const cmd = commanders.filter((c) => c !== headId);
  if (cmd.length) who.push(`指挥长${cmd.map(name).join('、')}`);
  return { line: `请${who.join('、')}跟进办理。`, ids };
}

export async function raisedMessage(
  library: Library,
  p: ProblemDoc,
  project: ProjectFacts,
  unit: UnitFacts | null,
): Promise<Reply> {
  const { line, ids } = await actOn(library, unit, project);
  const lines = [
    `已登记问题 #${p.no}：${project.name}`,
    `类别：${p.category}`,
    `内容：${p.description}`,
    `协调层级：${tierLabel(p.tier)}`,
    `责任单位：${p.unitName ?? '未明确（请县重大办交办）'}`,
  ];
  if (p.deadline) lines.push(`办结时限：${monthDay(p.deadline)}`);
  if (line) lines.push(line);
  lines.push(`办结后发送“办结 #${p.no} 办理情况”；需上级协调发送“升级 #${p.no} 原因”。`);
  return text(lines.join('\n'), ids);
}

export async function assignedMessage(
  library: Library,
  p: ProblemDoc,
  project: ProjectFacts | null,
  unit: UnitFacts | null,
): Promise<Reply> {
  const { line, ids } = await actOn(library, unit, project);
  const due = p.deadline ? `${formatDay(p.deadline)}前办结` : '未设办理时限';
  const lines = [
    `已交办${kindLabel(p.kind)} #${p.no}：${subject(p, project)}`,
    `承办单位：${p.unitName}；办理时限：${due}。`,
  ];
  if (line) lines.push(line);
  return text(lines.join('\n'), ids);
}

export async function taskMessage(
  library: Library,
  p: ProblemDoc,
  project: ProjectFacts | null,
  unit: UnitFacts | null,
): Promise<Reply> {
  const { line, ids } = await actOn(library, unit, project);
  const lines = [`已派发督办事项 #${p.no}：${subject(p, project)}`];
  lines.push(`承办单位：${p.unitName}；办理时限：${p.deadline ? `${formatDay(p.deadline)}前` : '未设'}。`);
  if (line) lines.push(line);
  lines.push(`办结后发送“办结 #${p.no} 办理情况”。`);
  return text(lines.join('\n'), ids);
}

export async function resolvedMessage(
  p: ProblemDoc,
  project: ProjectFacts | null,
  byName: string,
): Promise<Reply> {
  // The person who raised it learns it is closed.
  const ids = unique([p.raisedBy]);
  return text(
    `${kindLabel(p.kind)} #${p.no} 已办结：${subject(p, project)}\n办结情况：${p.resolutionNote}\n办结人：${byName}`,
    ids,
  );
}

/** The 升级 notice: to the chat that asked and to the project's groups, @-mentioning the new tier. */
export async function escalatedMessage(library: Library, e: Escalation): Promise<Reply> {
  const { problem: p, project, notifyIds } = e;
  const who = notifyIds.length ? await namesOf(library, notifyIds) : '';
  const lines = [
    `${kindLabel(p.kind)} #${p.no} 已由${tierLabel(e.from)}升级至${tierLabel(p.tier)}：${subject(p, project)}`,
  ];
  if (e.note) lines.push(`升级原因：${e.note}`);
  if (p.unitName) lines.push(`责任单位：${p.unitName}`);
  if (p.deadline) lines.push(`新的办结时限：${monthDay(p.deadline)}`);
  if (p.tier === 2) {
    lines.push(who ? `请联系县领导${who}协调解决。` : '该项目未登记联系县领导，请县重大办协调。');
  } else if (p.tier === 3) {
    lines.push('将列入县重大项目协调领导小组协调会议题。');
    lines.push(who ? `请县重大办${who}列入协调会议程。` : '请县重大办列入协调会议程。');
  } else if (await byCityOffice(library, notifyIds)) {
    lines.push(`已提请市重大项目协调会，请市重大办${who}协调。`);
  } else {
    lines.push(
      who
        ? `请县重大办${who}整理材料，提请市重大项目协调会协调。`
        : '请县重大办整理材料，提请市重大项目协调会协调。',
    );
  }
  return text(lines.join('\n'), notifyIds);
}

/** A tier-4 problem carried by the 市重大办 (a deployment with a city), not the county's 重大办. */
async function byCityOffice(library: Library, ids: string[]): Promise<boolean> {
  if (!ids.length) return false;
  const people = await Promise.all(ids.map((id) => library.person(id)));
  return people.every((p) => p?.roles.includes('市重大办'));
}

/** A tier-4 problem as the city's groups read it: which county it comes from, first. */
export function forTheCity(reply: Reply, county: string): Reply {
  return reply.type === 'text' ? { ...reply, content: `【${county}】${reply.content}` } : reply;
}
