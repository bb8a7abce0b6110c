/** Anything not understood: a short, friendly answer with the closest command and an example. */
import { defineCommand } from '../src/bot/command.ts';
import { text } from '../src/bot/types.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export const unknownHandler = defineCommand<unknown, Extract<ParsedCommand, { intent: 'unknown' }>>({
  intent: 'unknown',
  async run(_ctx, cmd) {
    const s = cmd.suggestion;
    const lines = ['抱歉，没能看懂这条消息。'];
    if (s?.command) lines.push(`您是不是想“${s.command}”？例如：${s.example}`);
    lines.push('发送“帮助”可查看全部命令和示例。');
    return [text(lines.join('\n'))];
  },
});
