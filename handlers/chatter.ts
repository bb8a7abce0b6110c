/** 谢谢 / 收到 / 好的 / 辛苦了 addressed to the bot: a short friendly answer, nothing more. */
import { defineCommand } from '../src/command/define.ts';
import { text } from '../src/domain/messages.ts';
import type { ParsedCommand } from '../src/parse/types.ts';

export const chatterCommand = defineCommand<unknown, Extract<ParsedCommand, { intent: 'chatter' }>>({
  intent: 'chatter',
  command: '',
  // Recognised by the parser from the whole message (src/parse/chatter.ts), never as a command word.
  words: [],
  example: '',
  read: () => undefined,
  audience: 'all',
  help: [],
  async run(_ctx, cmd) {
    return [text(cmd.reply)];
  },
});
