/**
 * 帮助 / ?: usage with one example per command, for what the sender may do — built from the
 * registered commands' own help entries. 重大办 and 管理员 see every command; someone not in the
 * library sees the queries and how to get registered.
 */
import type { RegisteredCommand } from '../src/command/define.ts';
import { defineCommand, type HelpEntry } from '../src/command/define.ts';
import type { Library } from '../src/data/index.ts';
import { text } from '../src/domain/messages.ts';
import { AUDIENCES, type Audience, audiencesOf, isDispatchOffice } from '../src/domain/permissions.ts';
import { readHelp } from '../src/parse/readers.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

interface Line {
  topic: string;
  entry: HelpEntry;
  audience: Audience;
}

/** Every help line of the registered commands, in help order (by audience, then registration). */
export function helpLines(commands: readonly RegisteredCommand<never>[]): Line[] {
  const lines = commands.flatMap((c) =>
    c.help.map((entry) => ({ topic: c.command, entry, audience: entry.audience ?? c.audience })),
  );
  return AUDIENCES.flatMap((a) => lines.filter((l) => l.audience === a));
}

export const helpCommand = defineCommand<{ library: Library }, Extract<ParsedCommand, { intent: 'help' }>>({
  intent: 'help',
  command: '帮助',
  words: ['帮助', '?', 'help', '怎么用', '使用说明', '说明', '菜单', '用法', '指令', '命令', '功能'],
  example: '帮助',
  bare: true,
  read: (rest, at, ctx) => readHelp(at.text, rest, ctx),
  audience: 'all',
  help: [{ title: '查看帮助', example: '帮助', welcome: true }],
  async run(ctx, cmd) {
    const actor = ctx.actor;
    const office = isDispatchOffice(actor);
    const on = actor
      ? await ctx.services.library.projectRolesOf(actor.userId)
      : { contact: false, commander: false, leader: false };
    const roles = actor?.roles ?? [];
    const allowed = audiencesOf(actor, on);
    const all = helpLines(ctx.commands as readonly RegisteredCommand<never>[]);

    const topic = cmd.topic?.trim();
    const wanted = topic ? all.filter((l) => l.topic === topic || l.entry.example.startsWith(topic)) : [];
    const shown = (wanted.length ? wanted : all).filter((l) => allowed.has(l.audience));

    const lines = [greeting(ctx.actorName, office, roles, on)];
    if (wanted.length && !shown.length) lines.push(`“${topic}”需相应权限，您可使用以下命令：`);
    const list = shown.length ? shown : all.filter((l) => allowed.has(l.audience));
    list.forEach((l, i) => {
      // A notice-style example keeps its lines, indented under its title.
      const example = l.entry.example.includes('\n')
        ? `\n   ${l.entry.example.split('\n').join('\n   ')}`
        : l.entry.example;
      lines.push(`${i + 1}. ${l.entry.title}：${example}`);
    });
    lines.push('在群里请先@我再发命令；私聊直接发送即可。命令前的#或/可有可无，问题编号用#12表示。');
    lines.push('也可以按通知格式分行写，或用语音输入；不确定的数字和名称我会先问您确认再记录。');
    if (!actor) {
      lines.push(
        '您尚未登记在项目库人员名单中，目前可以查询。如需汇报进度、反映问题，请联系县重大办登记（企业微信账号、姓名、单位、角色）。',
      );
    } else if (allowed.has('resolve') && !allowed.has('direct') && !office) {
      lines.push('单位负责人可办结交办给本单位的问题。');
    }
    return [text(lines.join('\n'))];
  },
});

function greeting(
  name: string,
  office: boolean,
  roles: readonly string[],
  on: { contact: boolean; commander: boolean; leader: boolean },
): string {
  const as: string[] = [];
  if (office) as.push(roles.includes('管理员') && !roles.includes('重大办') ? '管理员' : '县重大办');
  if (on.leader || roles.includes('县领导')) as.push('联系县领导');
  if (on.commander || roles.includes('指挥长')) as.push('指挥长');
  if (on.contact || roles.includes('项目联系人')) as.push('项目联系人');
  if (roles.includes('单位负责人')) as.push('单位负责人');
  const role = as.length ? `（${[...new Set(as)].join('、')}）` : '';
  return `${name}${role}，您好！我是项目调度助手，可用命令如下：`;
}
