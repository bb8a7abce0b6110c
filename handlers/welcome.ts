/**
 * Chat events: joining a group gets a welcome with how to use the bot; opening a direct chat gets a
 * short greeting; being removed needs no answer (there is nobody left to read it).
 */
import type { BotContext } from '../src/bot/command.ts';
import { type Reply, text } from '../src/bot/types.ts';

export function welcomeText(botName: string): string {
  return [
    `大家好，我是${botName}，负责全县重大项目调度。在群里@我发送命令即可，例如：`,
    '· 报进度：进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%',
    '· 报开工：开工 福六水库 2021-08-01',
    '· 反映问题：问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调',
    '· 查询：查 贺巴 · 查 问题 逾期 · 查 未报送',
    '· 帮助：帮助（按您的角色列出可用命令）',
    '我会按时推送日报、周报、月报和通报，并提醒逾期事项。',
  ].join('\n');
}

/** Replies to an event message; [] for anything that is not a chat event this file handles. */
export async function welcomeEvent(ctx: BotContext<unknown>): Promise<Reply[]> {
  const msg = ctx.msg;
  if (msg.kind !== 'event') return [];
  switch (msg.eventType) {
    case 'add_to_chat':
      return [text(welcomeText(ctx.config.BOT_NAME))];
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
