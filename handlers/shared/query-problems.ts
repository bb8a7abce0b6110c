/**
 * 查 问题 (open), 查 问题 逾期, 查 问题 三级, 查 问题 自然资源局, 查 #12. Called by the 查 command for
 * targets of kind 'problems' and 'problem'. Lists are numbered and sorted; the outbound layer splits
 * long ones by bytes.
 */
import type { BotContext } from '../../src/command/context.ts';
import type { ProblemDoc } from '../../src/data/index.ts';
import { type Reply, text } from '../../src/domain/messages.ts';
import { formatDay, problemCard, problemLine, tierLabel } from '../../src/format/problem.ts';
import type { QueryTarget } from '../../src/parse/types.ts';
import { nameOf } from '../../src/services/problem-people.ts';
import { type ProblemServices, projectCodeOf } from './problem-args.ts';

type ProblemTarget = Extract<QueryTarget, { kind: 'problems' | 'problem' }>;

export async function answerProblemQuery(
  ctx: BotContext<ProblemServices>,
  target: ProblemTarget,
): Promise<Reply[]> {
  if (target.kind === 'problem') return answerOne(ctx, target.problemNo);
  const problems = ctx.services.problems;
  const projectCode =
    target.project && !(target.project.kind === 'none' && !target.project.text.trim())
      ? projectCodeOf(target.project, '查 问题 贺巴')
      : undefined;
  const narrow = {
    unitName: target.unitName,
    projectCode,
    ...(target.problemKind ? { kind: target.problemKind } : {}),
  };

  let list: ProblemDoc[];
  let title: string;
  if (target.filter === 'overdue') {
    const overdue = await problems.overdue(ctx.today);
    list = overdue
      .map((o) => o.problem)
      .filter(
        (p) =>
          (!narrow.unitName || p.unitName === narrow.unitName) &&
          (!projectCode || p.projectCode === projectCode) &&
          (!target.problemKind || p.kind === target.problemKind),
      );
    title = `逾期未办结`;
  } else if (target.filter === 'tier' && target.tier) {
    list = await problems.listOpen({ ...narrow, tier: target.tier });
    title = `${tierLabel(target.tier)}在办`;
  } else {
    list = await problems.listOpen({ ...narrow, includeClosed: target.filter === 'all' });
    title = target.filter === 'all' ? '全部' : '在办';
  }
  const names = await ctx.services.library.projectNames();
  const scope = [projectCode ? names(projectCode) : '', narrow.unitName ?? ''].filter(Boolean).join(' ');
  const heading = `${scope ? `${scope} ` : ''}${title}${target.problemKind === 'task' ? '督办事项' : '问题（含督办事项）'}`;
  if (!list.length) return [text(`目前没有${heading}。`)];
  const lines = [`${heading}共${list.length}个（截至${formatDay(ctx.today)}）：`];
  list.forEach((p, i) => {
    lines.push(problemLine(p, i + 1, names, ctx.today));
  });
  lines.push('发送“查 #编号”查看详情和办理记录。');
  return [text(lines.join('\n'))];
}

async function answerOne(ctx: BotContext<ProblemServices>, no: number): Promise<Reply[]> {
  const p = await ctx.services.problems.get(no);
  if (!p) return [text(`没有找到 #${no}，请核对编号。发送“查 问题”可查看在办问题。`)];
  const [projectName, personName] = await Promise.all([
    ctx.services.library.projectNames(),
    nameOf(ctx.services.library, [p.raisedBy, ...(p.history ?? []).map((h) => h.by)]),
  ]);
  return [text(problemCard(p, { projectName, personName, today: ctx.today, tz: ctx.config.BOT_TIMEZONE }))];
}
