/**
 * 联系人 贺巴: who to call about a project — its 项目联系人, 指挥长, 联系县领导 and the head of its
 * 牵头单位, with the mobile numbers the 人员 sheet gives. Read-only, for everyone in the group.
 *
 * The README's "How to add a command" walks through this file: it is the whole command.
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { resolveProject as matchProject } from '../src/parse/project-match.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import { type ReportServices, resolveProject } from './shared/project-choice.ts';

// The command's parsed form, added to ParsedCommand from here (no other file changes).
declare module '../src/parse/types.ts' {
  interface ExtraCommands {
    contacts: { intent: 'contacts'; text: string; project: ProjectMatch };
  }
}

type ContactsCommand = Extract<ParsedCommand, { intent: 'contacts' }>;

const EXAMPLE = '联系人 贺巴';

async function run(ctx: BotContext<ReportServices>, cmd: ContactsCommand): Promise<Reply[]> {
  const resolved = await resolveProject(ctx, cmd.project, {
    command: cmd,
    field: 'project',
    purpose: '查询',
    example: EXAMPLE,
  });
  if (!resolved.ok) return resolved.replies;
  const p = resolved.project;
  const { library } = ctx.services;
  const head = await library.unitHead(p.leadUnit);
  const who = async (label: string, ids: readonly string[]) => {
    const people = await Promise.all(ids.map((id) => library.person(id)));
    const shown = ids.map((id, i) => {
      const person = people[i];
      return person ? `${person.name}${person.mobile ? `（${person.mobile}）` : ''}` : id;
    });
    return `${label}：${shown.length ? shown.join('、') : '未登记'}`;
  };
  const lines = [
    `【${p.name}】联系人`,
    await who('项目联系人', p.contactIds),
    await who('指挥长', p.commanderIds),
    await who('联系县领导', p.leaderIds),
    `牵头单位：${p.leadUnit ?? '未登记'}${head ? `；${await who('单位负责人', [head])}` : ''}`,
  ];
  return [text(lines.join('\n'))];
}

export const contactsCommand = defineCommand<ReportServices, ContactsCommand>({
  intent: 'contacts',
  command: '联系人',
  words: ['联系人', '联系方式', '通讯录'],
  example: EXAMPLE,
  read: (rest, at, ctx) => ({ intent: 'contacts', text: at.text, project: matchProject(rest, ctx.projects) }),
  audience: 'all',
  help: [{ title: '查项目联系人和电话', example: EXAMPLE }],
  run,
});
