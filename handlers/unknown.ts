/** Anything not understood: a short, friendly answer with the closest command and an example. */
import { defineCommand } from '../src/command/define.ts';
import { text } from '../src/domain/messages.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export const unknownCommand = defineCommand<unknown, Extract<ParsedCommand, { intent: 'unknown' }>>({
  intent: 'unknown',
  command: '',
  // The parser's own verdict, never a command word.
  words: [],
  example: '',
  read: () => undefined,
  audience: 'all',
  help: [],
  async run(_ctx, cmd) {
    const s = cmd.suggestion;
    const lines = ['抱歉，没能看懂这条消息。'];
    if (s?.command) lines.push(`您是不是想“${s.command}”？例如：${s.example}`);
    lines.push('发送“帮助”可查看全部命令和示例。');
    return [text(lines.join('\n'))];
  },
});
