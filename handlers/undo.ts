/** 撤销: withdraws the sender's newest report, status event or problem; the record stays in history. */
import { defineCommand } from '../src/command/define.ts';
import { text } from '../src/domain/messages.ts';
import { formatWan } from '../src/domain/money.ts';
import { dayLabel, monthLabel } from '../src/format/report.ts';
import type { ParsedCommand } from '../src/parse/types.ts';
import type { ReportServices } from './shared/project-choice.ts';

export const undoCommand = defineCommand<ReportServices, Extract<ParsedCommand, { intent: 'undo' }>>({
  intent: 'undo',
  command: '撤销',
  words: ['撤销', '撤消', '撤回', '取消', '取消上一条', '撤销上一条', '删除上一条', '删掉上一条'],
  example: '撤销',
  bare: true,
  read: (_rest, at) => ({ intent: 'undo', text: at.text }),
  audience: 'report',
  help: [{ title: '撤销本人上一条汇报或问题', example: '撤销' }],
  async run(ctx) {
    const done = await ctx.services.undo.undoLast(ctx.msg.userId, ctx.msg.msgId, ctx.clock.now());
    if (!done) return [text('您目前没有可撤销的进度报送、资金到位报送、开工/竣工/投产登记或在办问题。')];
    const name = async (code: string | null | undefined) =>
      code ? ((await ctx.services.library.project(code))?.name ?? code) : '';

    if (done.kind === 'report') {
      const r = done.report;
      const lines = [
        `已撤销您报送的${await name(r.projectCode)} ${monthLabel(r.month)}进度：完成投资${formatWan(r.monthAmount)}，本年累计${formatWan(r.ytdAmount)}。撤销记录已保留在历史中。`,
      ];
      if (done.restored) {
        lines.push(
          `已恢复此前报送的数据：完成投资${formatWan(done.restored.monthAmount)}，本年累计${formatWan(done.restored.ytdAmount)}。`,
        );
      }
      return [text(lines.join('\n'))];
    }
    if (done.kind === 'funds') {
      const r = done.report;
      const lines = [
        `已撤销您报送的${await name(r.projectCode)} ${monthLabel(r.month)}资金到位${formatWan(r.amount)}。撤销记录已保留在历史中。`,
      ];
      if (done.restored) lines.push(`已恢复此前报送的${formatWan(done.restored.amount)}。`);
      return [text(lines.join('\n'))];
    }
    if (done.kind === 'status') {
      const e = done.event;
      return [
        text(
          `已撤销${await name(e.projectCode)} ${dayLabel(e.date)}${e.kind}的登记，项目状态和日期已恢复为登记前。撤销记录已保留。`,
        ),
      ];
    }
    const p = done.problem;
    const project = await name(p.projectCode);
    return [
      text(
        `已撤销问题 #${p.no}${project ? `（${project}）` : ''}：${p.category}：${p.description}。该问题不再督办，记录已保留。`,
      ),
    ];
  },
});
