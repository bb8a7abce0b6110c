/**
 * 帮助 / ?: usage with one example per command, for what the sender may do. 重大办 and 管理员 see
 * every command; someone not in the library sees the queries and how to get registered.
 */
import { defineCommand } from '../src/bot/command.ts';
import { isDispatchOffice } from '../src/bot/permissions.ts';
import { text } from '../src/bot/types.ts';
import type { Library } from '../src/data/index.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

/** Who a command is for: everyone, reporters (联系人 and up), directors (指挥长/县领导), resolvers, 重大办. */
type Audience = 'all' | 'report' | 'direct' | 'resolve' | 'office';

interface Entry {
  topic: string;
  title: string;
  example: string;
  audience: Audience;
}

const ENTRIES: Entry[] = [
  {
    topic: '进度',
    title: '报进度',
    example: '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    audience: 'report',
  },
  { topic: '开工', title: '报开工/竣工/投产', example: '开工 福六水库 2021-08-01', audience: 'report' },
  {
    topic: '问题',
    title: '反映问题',
    example: '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调',
    audience: 'report',
  },
  { topic: '撤销', title: '撤销本人上一条汇报或问题', example: '撤销', audience: 'report' },
  {
    topic: '交办',
    title: '交办问题（定承办单位和时限）',
    example: '交办 #12 县自然资源局 8月20日前',
    audience: 'direct',
  },
  {
    topic: '派单',
    title: '派发督办事项',
    example: '派单 县自然资源局 贺巴 用地报批材料8月20日前报市局',
    audience: 'direct',
  },
  { topic: '升级', title: '升级协调层级', example: '升级 #12 涉及多个部门', audience: 'direct' },
  { topic: '办结', title: '办结问题或督办事项', example: '办结 #12 已完成签约', audience: 'resolve' },
  { topic: '查', title: '查项目', example: '查 贺巴', audience: 'all' },
  { topic: '查', title: '查问题（在办/逾期/按层级/按单位）', example: '查 问题 逾期', audience: 'all' },
  { topic: '查', title: '查单个问题及办理记录', example: '查 #12', audience: 'all' },
  { topic: '查', title: '查行业领域投资', example: '查 工业 投资', audience: 'all' },
  { topic: '查', title: '查本月未报送', example: '查 未报送', audience: 'all' },
  { topic: '通报', title: '日报/周报/月报/通报', example: '通报 7月', audience: 'all' },
  { topic: '导出', title: '导出项目台账', example: '导出 台账 7月', audience: 'office' },
  { topic: '议程', title: '协调会议程（三级问题）', example: '协调会 议程', audience: 'office' },
  { topic: '帮助', title: '查看帮助', example: '帮助', audience: 'all' },
];

const ORDER: Audience[] = ['report', 'direct', 'resolve', 'office', 'all'];

export const helpHandler = defineCommand<{ library: Library }, Extract<ParsedCommand, { intent: 'help' }>>({
  intent: 'help',
  help: { usage: '帮助 或 ?', example: '帮助' },
  async run(ctx, cmd) {
    const actor = ctx.actor;
    const office = isDispatchOffice(actor);
    const on = actor
      ? await ctx.services.library.projectRolesOf(actor.userId)
      : { contact: false, commander: false, leader: false };
    const roles = actor?.roles ?? [];
    const allowed = new Set<Audience>(['all']);
    if (office) for (const a of ORDER) allowed.add(a);
    if (
      roles.some((r) => ['项目联系人', '指挥长', '县领导'].includes(r)) ||
      on.contact ||
      on.commander ||
      on.leader
    ) {
      allowed.add('report');
    }
    if (roles.some((r) => r === '指挥长' || r === '县领导') || on.commander || on.leader) {
      allowed.add('direct');
      allowed.add('resolve');
    }
    if (roles.includes('单位负责人')) allowed.add('resolve');

    const topic = cmd.topic?.trim();
    const wanted = topic ? ENTRIES.filter((e) => e.topic === topic || e.example.startsWith(topic)) : [];
    const shown = (wanted.length ? wanted : ENTRIES).filter((e) => allowed.has(e.audience));
    const byAudience = ORDER.flatMap((a) => shown.filter((e) => e.audience === a));

    const lines = [greeting(ctx.actorName, office, roles, on)];
    if (wanted.length && !shown.length) lines.push(`“${topic}”需相应权限，您可使用以下命令：`);
    const list = shown.length
      ? byAudience
      : ORDER.flatMap((a) => ENTRIES.filter((e) => e.audience === a && allowed.has(a)));
    list.forEach((e, i) => {
      lines.push(`${i + 1}. ${e.title}：${e.example}`);
    });
    lines.push('在群里请先@我再发命令；私聊直接发送即可。命令前的#或/可有可无，问题编号用#12表示。');
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
