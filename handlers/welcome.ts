/**
 * Chat events: joining a group gets a welcome with how to use the bot (the registered commands'
 * help entries marked `welcome`); opening a direct chat gets a short greeting; being removed needs
 * no answer (there is nobody left to read it).
 */
import type { BotContext } from '../src/command/context.ts';
import type { RegisteredCommand } from '../src/command/define.ts';
import { type Reply, text } from '../src/domain/messages.ts';

export function welcomeText(botName: string, commands: readonly RegisteredCommand<never>[]): string {
  const lines = commands.flatMap((c) =>
    c.help.filter((h) => h.welcome && !h.example.includes('\n')).map((h) => `· ${h.title}：${h.example}`),
  );
  return [
    `大家好，我是${botName}，负责全县重大项目调度。在群里@我发送命令即可，例如：`,
    ...lines,
    '我会按时推送日报、周报、月报和通报，并提醒逾期事项。',
  ].join('\n');
}

/** Replies to an event message; [] for anything that is not a chat event this file handles. */
export async function welcomeEvent(ctx: BotContext<unknown>): Promise<Reply[]> {
  const msg = ctx.msg;
  if (msg.kind !== 'event') return [];
  switch (msg.eventType) {
    case 'add_to_chat':
      return [text(welcomeText(ctx.config.BOT_NAME, ctx.commands as readonly RegisteredCommand<never>[]))];
    case 'enter_chat':
      if (msg.chatType !== 'single') return [];
      return [
        text(
          `${ctx.actorName}，您好！我是${ctx.config.BOT_NAME}。直接发送命令即可，例如“查 贺巴”“查 问题 逾期”；发送“帮助”查看全部用法。`,
        ),
      ];
    default:
      return [];
  }
}
