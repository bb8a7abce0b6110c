/**
 * A bot with the problem handlers, the real parser and library, on this file's FerretDB and Redis.
 * Only the group webhook is faked: what the notifier posts is collected in `posted`.
 */

import { GroupModel } from '../../models/group.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import { createServices } from '../../src/bot/services.ts';
import { createDispatcher } from '../../src/bot/wire.ts';
import { FixedClock } from '../../src/clock.ts';
import type { InboundMessage, Reply } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/logger.ts';
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

export async function startProblemBot(now = '2021-08-05T02:00:00Z') {
  const { svc, redis, data } = await connectTestStores();
  // Bursts of one person's messages test numbering, not flood control (test/faults/flood.test.ts does).
  const config = testConfig(svc, { USER_RATE_PER_MIN: '1000' });
  const clock = new FixedClock(now);
  const log = createLogger('silent');
  const posted: Posted[] = [];
  // The production dispatcher and services; only the group webhook is collected.
  const services = createServices({
    config,
    clock,
    log,
    data,
    send: async (target, reply) => {
      posted.push({ webhookKey: 'webhookKey' in target ? target.webhookKey : target.aibotChat, reply });
    },
  });
  const { problems, library } = services;
  const app = createDispatcher({ config, clock, log, redis, services });

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
