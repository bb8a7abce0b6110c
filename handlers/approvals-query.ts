/**
 * 查 审批 / 查 审批 逾期 [项目]: approval items not yet obtained, overdue first with the days overdue,
 * then by deadline. Anyone in the group may ask.
 */
import type { BotContext } from '../src/command/context.ts';
import { defineCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';
import { formatDay } from '../src/format/problem.ts';
import { resolveProject as matchProject } from '../src/parse/project-match.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ApprovalServices } from './approval.ts';
import { itemLine } from './shared/approval-words.ts';
import { resolveProject } from './shared/project-choice.ts';

declare module '../src/parse/types.ts' {
  interface ExtraCommands {
    approvalsQuery: {
      intent: 'approvalsQuery';
      text: string;
      overdueOnly: boolean;
      /** Narrows the list to one project when named. */
      project?: ProjectMatch;
    };
  }
}

type ApprovalsQuery = Extract<ParsedCommand, { intent: 'approvalsQuery' }>;

const EXAMPLE = '查 审批 逾期';
const FILTER = /逾期|超期|过期|超时|未办结|未批复|待办|在办|事项|清单|列表|情况|的/g;

async function run(ctx: BotContext<ApprovalServices>, cmd: ApprovalsQuery): Promise<Reply[]> {
  let projectCode: string | undefined;
  let scope = '';
  if (cmd.project) {
    const resolved = await resolveProject(ctx, cmd.project, {
      command: cmd,
      field: 'project',
      purpose: '查询',
      example: '查 审批 贺巴',
    });
    if (!resolved.ok) return resolved.replies;
    projectCode = resolved.project.code;
    scope = `${resolved.project.name} `;
  }
  const list = await ctx.services.approvals.pending(ctx.today, {
    projectCode,
    overdueOnly: cmd.overdueOnly,
  });
  const what = `${scope}${cmd.overdueOnly ? '逾期' : '未批复'}的审批事项`;
  if (!list.length) return [text(`目前没有${what}（截至${formatDay(ctx.today)}）。`)];
  const overdue = list.filter((x) => x.overdue).length;
  const lines = [
    `${what}共${list.length}项${cmd.overdueOnly || !overdue ? '' : `，其中逾期${overdue}项`}（截至${formatDay(ctx.today)}）：`,
  ];
  list.forEach((x, i) => {
    lines.push(
      `${i + 1}. ${x.overdue ? '【逾期】' : ''}${projectCode ? '' : `${x.project.name} `}${itemLine(x.item, ctx.today)}`,
    );
  });
  lines.push('取得批复后请项目联系人发送“批复 项目简称 事项名称”，例如：批复 贺巴 用地报批。');
  return [text(lines.join('\n'))];
}

export const approvalsQueryCommand = defineCommand<ApprovalServices, ApprovalsQuery>({
  intent: 'approvalsQuery',
  command: '查审批',
  words: ['查审批', '查询审批', '查看审批', '审批清单', '审批事项清单', '逾期审批'],
  example: EXAMPLE,
  read: (rest, at, ctx) => {
    const overdueOnly = /逾期|超期|过期|超时/.test(at.text);
    const name = rest.replace(/^事项/, '').replace(FILTER, ' ').replace(/\s+/g, ' ').trim();
    const out: ApprovalsQuery = { intent: 'approvalsQuery', text: at.text, overdueOnly };
    if (name) out.project = matchProject(name, ctx.projects);
    return out;
  },
  audience: 'all',
  countyScoped: true,
  help: [{ title: '查未批复的审批事项（逾期在前）', example: '查 审批' }],
  run,
});
