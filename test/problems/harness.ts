/**
 * A bot with the problem handlers, the real parser and library, on this file's FerretDB and Redis.
 * Only the group webhook is faked: what the notifier posts is collected in `posted`.
 */

import { assignHandler } from '../../handlers/assign.ts';
import { escalateHandler } from '../../handlers/escalate.ts';
import { helpHandler } from '../../handlers/help.ts';
import { problemHandler } from '../../handlers/problem.ts';
import { answerProblemQuery } from '../../handlers/query-problems.ts';
import { resolveHandler } from '../../handlers/resolve.ts';
import { taskHandler } from '../../handlers/task.ts';
import { unknownHandler } from '../../handlers/unknown.ts';
import { welcomeEvent } from '../../handlers/welcome.ts';
import { GroupModel } from '../../models/group.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { type CommandHandler, defineCommand } from '../../src/bot/command.ts';
import { type InboundMessage, type Reply, text } from '../../src/bot/types.ts';
import { libraryLookups } from '../../src/bot/wire.ts';
import { FixedClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import type { ParsedCommand } from '../../src/parse/types.ts';
import { createNotifier } from '../../src/services/notifier.ts';
import type { ProblemServices } from '../../src/services/problem-chat.ts';
import { createProblemService } from '../../src/services/problems.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

export const HEBA = 'XC-2021-001';
export const FULIU = 'XC-2021-002';

export async function seedLibrary(): Promise<void> {
  await ProjectModel.create([
    {
      code: HEBA,
      name: '贺巴高速公路(忻城段)',
      shortName: '贺巴高速',
      sector: '交通',
      level: '自治区层面',
      status: '续建',
      totalInvestment: 3_200_000_000,
      annualPlan: 600_000_000,
      leadUnit: '县交通运输局',
      leaderIds: ['liqiang'],
      commanderIds: ['zhaogang'],
      contactIds: ['zhangwei'],
    },
    {
      code: FULIU,
      name: '广西来宾市忻城县福六水库工程',
      shortName: '福六水库',
      sector: '水利',
      level: '县级层面',
      status: '新开工',
      totalInvestment: 900_000_000,
      annualPlan: 100_000_000,
      leadUnit: '县水利局',
      leaderIds: ['chenjun'],
      commanderIds: ['sunli'],
      contactIds: ['zhouqi'],
    },
  ]);
  await UnitModel.create([
    { name: '县自然资源局', shortName: '自然资源局', headId: 'wangfang' },
    { name: '县交通运输局', shortName: '交通运输局', headId: 'liuyang' },
    { name: '县水利局', shortName: '水利局', headId: 'huangmin' },
  ]);
  await PersonModel.create([
    { userId: 'zhangwei', name: '张伟', unitName: '县交通运输局', roles: ['项目联系人'] },
    { userId: 'zhouqi', name: '周琪', unitName: '县水利局', roles: ['项目联系人'] },
    { userId: 'liqiang', name: '李强', roles: ['县领导'] },
    { userId: 'chenjun', name: '陈军', roles: ['县领导'] },
    { userId: 'zhaogang', name: '赵刚', roles: ['指挥长'] },
    { userId: 'sunli', name: '孙莉', roles: ['指挥长'] },
    { userId: 'wangfang', name: '王芳', unitName: '县自然资源局', roles: ['单位负责人'] },
    { userId: 'liuyang', name: '刘洋', unitName: '县交通运输局', roles: ['单位负责人'] },
    { userId: 'huangmin', name: '黄敏', unitName: '县水利局', roles: ['单位负责人'] },
    { userId: 'office1', name: '韦华', unitName: '县重大办', roles: ['重大办'] },
    { userId: 'office2', name: '蓝静', unitName: '县重大办', roles: ['重大办'] },
  ]);
  await GroupModel.create([
    { name: '贺巴项目群', webhookKey: 'key-heba', projectCodes: [HEBA], subscriptions: ['提醒'] },
    { name: '福六项目群', webhookKey: 'key-fuliu', projectCodes: [FULIU], subscriptions: ['提醒'] },
  ]);
}

export interface Posted {
  webhookKey: string;
  reply: Reply;
}

/** Stands in for helper-5's 查 handler: only the problem targets are answered here. */
const queryHandler = defineCommand<ProblemServices, Extract<ParsedCommand, { intent: 'query' }>>({
  intent: 'query',
  async run(ctx, cmd) {
    if (cmd.target.kind === 'problems' || cmd.target.kind === 'problem')
      return answerProblemQuery(ctx, cmd.target);
    return [text(`(query ${cmd.target.kind})`)];
  },
});

export async function startProblemBot(now = '2021-08-05T02:00:00Z') {
  const { svc, redis, data } = await connectTestStores();
  // Bursts of one person's messages test numbering, not flood control (test/faults/flood.test.ts does).
  const config = testConfig(svc, { USER_RATE_PER_MIN: '1000' });
  const clock = new FixedClock(now);
  const log = createLogger('silent');
  const posted: Posted[] = [];
  const notifier = createNotifier({
    send: async (target, reply) => {
      posted.push({ webhookKey: 'webhookKey' in target ? target.webhookKey : target.aibotChat, reply });
    },
    log,
    data,
  });
  const problems = createProblemService({ clock, log, data, notifier });
  const library = data.library;
  const app = createBotApp<ProblemServices>({
    config,
    clock,
    log,
    redis,
    services: { problems, library },
    handlers: [
      problemHandler,
      assignHandler,
      taskHandler,
      resolveHandler,
      escalateHandler,
      queryHandler,
      helpHandler,
      unknownHandler,
      // The registry narrows each handler's command by intent; the array type cannot say that.
    ] as unknown as ReadonlyArray<CommandHandler<ProblemServices, never>>,
    ...libraryLookups(config, clock, library),
    onEvent: welcomeEvent,
  });

  let seq = 0;
  /** Sends `content` as `userId` in the project group and returns the replies. */
  async function say(userId: string, content: string, extra: Partial<InboundMessage> = {}): Promise<Reply[]> {
    seq += 1;
    return app.dispatch({
      msgId: `m${seq}-${Math.random().toString(36).slice(2, 8)}`,
      channel: 'robot',
      chatId: 'chat-heba',
      chatType: 'group',
      userId,
      kind: 'text',
      text: `@${config.BOT_NAME} ${content}`,
      imageUrls: [],
      receivedAt: clock.now(),
      ...extra,
    });
  }
  return { app, say, clock, config, posted, problems, library };
}

/** The single text reply's content and mentions. */
export function only(replies: Reply[]): { content: string; mentions: string[] } {
  if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
  const r = replies[0]!;
  if (r.type !== 'text' && r.type !== 'markdown') throw new Error(`expected text, got ${r.type}`);
  return { content: r.content, mentions: r.mentions ?? [] };
}
