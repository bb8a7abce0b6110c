/**
 * A bot with the report, status, undo, query and evidence handlers, the real parser and library, on
 * this file's FerretDB and Redis. `newApp()` builds another app instance on the same stores, as a
 * restarted bot would be.
 */
import type { Redis } from 'ioredis';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import { createServices } from '../../src/bot/services.ts';
import { createDispatcher } from '../../src/bot/wire.ts';
import { FixedClock } from '../../src/clock.ts';
import type { Config } from '../../src/config.ts';
import { createData } from '../../src/data/index.ts';
import type { InboundMessage, Reply } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/logger.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';

export const HEBA = 'XC-JT-001';
export const FULIU = 'XC-SL-001';
export const SILK = 'XC-GY-001';
export const XINQU = 'XC-GY-002';

const base = { level: '县级层面', totalInvestment: 1_000_000_000 } as const;

export async function seedLibrary(): Promise<void> {
  await ProjectModel.create([
    {
      ...base,
      code: HEBA,
      name: '贺巴高速公路(忻城段)',
      shortName: '贺巴高速',
      sector: '交通',
      specialCategories: ['五网'],
      level: '自治区层面',
      status: '续建',
      annualPlan: 500_000_000,
      leadUnit: '县交通运输局',
      leaderIds: ['liqiang'],
      commanderIds: ['zhaogang'],
      contactIds: ['zhangwei'],
    },
    {
      ...base,
      code: FULIU,
      name: '广西来宾市忻城县福六水库工程',
      shortName: '福六水库',
      sector: '水利',
      status: '前期',
      annualPlan: 100_000_000,
      leadUnit: '县水利局',
      contactIds: ['zhouqi'],
    },
    {
      ...base,
      code: SILK,
      name: '三江口(忻城)茧丝绸产业园',
      shortName: '茧丝绸产业园',
      sector: '工业',
      status: '续建',
      annualPlan: 200_000_000,
      contactIds: ['lin'],
    },
    {
      ...base,
      code: XINQU,
      name: '三江口新区产业园',
      shortName: '三江口新区',
      sector: '工业',
      status: '新开工',
      annualPlan: 300_000_000,
      contactIds: ['lin', 'mo'],
    },
  ]);
  await UnitModel.create([{ name: '县自然资源局', shortName: '自然资源局', headId: 'wangfang' }]);
  await PersonModel.create([
    { userId: 'zhangwei', name: '张伟', unitName: '县交通运输局', roles: ['项目联系人'] },
    { userId: 'zhouqi', name: '周琪', unitName: '县水利局', roles: ['项目联系人'] },
    { userId: 'lin', name: '林峰', unitName: '县经贸局', roles: ['项目联系人'] },
    { userId: 'mo', name: '莫兰', unitName: '县经贸局', roles: ['项目联系人'] },
    { userId: 'liqiang', name: '李强', roles: ['县领导'] },
    { userId: 'zhaogang', name: '赵刚', roles: ['指挥长'] },
    { userId: 'wangfang', name: '王芳', unitName: '县自然资源局', roles: ['单位负责人'] },
    { userId: 'office1', name: '韦华', unitName: '县重大办', roles: ['重大办'] },
  ]);
  // The plan's three-year target for 工业: 35亿元.
  await InvestmentTargetModel.create({ domain: '工业', fromYear: 2021, toYear: 2023, target: 3_500_000_000 });
}

export interface ReportBot {
  say(userId: string, content: string, extra?: Partial<InboundMessage>): Promise<Reply[]>;
  image(userId: string, urls: string[], extra?: Partial<InboundMessage>): Promise<Reply[]>;
  /** Another bot app on the same stores (a restart). */
  restart(): ReportBot;
  lastMsgId(): string;
}

function buildBot(config: Config, redis: Redis, clock: FixedClock, counter: { n: number }): ReportBot {
  const log = createLogger('silent');
  // A new data layer per bot, as a restarted process has: nothing carried over in memory.
  const data = createData({ log, libraryCheckEveryMs: 0 });
  const services = createServices({ config, clock, log, data, send: async () => {} });
  const app = createDispatcher({ config, clock, log, redis, services });

  const message = (userId: string, extra: Partial<InboundMessage>): InboundMessage => {
    counter.n += 1;
    return {
      msgId: `msg-${counter.n}`,
      channel: 'robot',
      chatId: 'chat-projects',
      chatType: 'group',
      userId,
      kind: 'text',
      imageUrls: [],
      receivedAt: clock.now(),
      ...extra,
    };
  };
  return {
    say: (userId, content, extra = {}) =>
      app.dispatch(message(userId, { text: `@${config.BOT_NAME} ${content}`, ...extra })),
    image: (userId, urls, extra = {}) =>
      app.dispatch(
        message(userId, { kind: 'image', imageUrls: urls, chatType: 'single', chatId: undefined, ...extra }),
      ),
    restart: () => buildBot(config, redis, clock, counter),
    lastMsgId: () => `msg-${counter.n}`,
  };
}

export async function startReportBot(now = '2021-08-20T02:00:00Z') {
  const { svc, redis } = await connectTestStores();
  const config = testConfig(svc, { USER_RATE_PER_MIN: '1000' });
  const clock = new FixedClock(now);
  await seedLibrary();
  const bot = buildBot(config, redis, clock, { n: 0 });
  return { bot, clock, config, redis };
}

/** The text of the single reply. */
export function only(replies: Reply[]): string {
  if (replies.length !== 1) throw new Error(`expected one reply, got ${replies.length}`);
  const r = replies[0]!;
  if (r.type !== 'text' && r.type !== 'markdown') throw new Error(`expected text, got ${r.type}`);
  return r.content;
}
