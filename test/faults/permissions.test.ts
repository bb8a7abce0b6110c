/**
 * Every command × every role through the production dispatcher (createDispatcher + createServices,
 * real parser, library and handlers on FerretDB and Redis): allowed or refused as design.md
 * "Roles and permissions" says, and a refusal stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { StatusEventModel } from '../../models/status-event.model.ts';
import { createServices } from '../../src/bot/services.ts';
import { createDispatcher } from '../../src/bot/wire.ts';
import { FixedClock } from '../../src/clock.ts';
import type { InboundMessage, Reply } from '../../src/domain/messages.ts';
import { createLogger } from '../../src/logger.ts';
import { connectTestStores, testConfig } from '../helpers/services.ts';
import { seedLibrary } from '../reports/harness.ts';

const { svc, redis, data } = await connectTestStores();
await seedLibrary();
await PersonModel.create({ userId: 'admin1', name: '覃管', roles: ['管理员'] });
const config = testConfig(svc, { USER_RATE_PER_MIN: '10000' });
const clock = new FixedClock('2021-08-20T02:00:00Z');
const log = createLogger('silent');
const services = createServices({ config, clock, log, data, send: async () => {} });
const app = createDispatcher({ config, clock, log, redis, services });

let n = 0;
async function say(userId: string, content: string): Promise<string> {
  n += 1;
  const msg: InboundMessage = {
    msgId: `perm-${n}`,
    channel: 'robot',
    chatId: 'chat-perm',
    chatType: 'group',
    userId,
    kind: 'text',
    text: `@${config.BOT_NAME} ${content}`,
    imageUrls: [],
    receivedAt: clock.now(),
  };
  const replies: Reply[] = await app.dispatch(msg);
  return replies
    .map((r) => (r.type === 'text' || r.type === 'markdown' ? r.content : `[${r.type}]`))
    .join('\n');
}

/** A fresh problem on 贺巴, assigned to 县自然资源局 (head: wangfang). */
async function problem(): Promise<number> {
  const raised = await say('office1', `问题 贺巴 征地拆迁：矩阵测试${n}户未签约`);
  const no = Number(/#(\d+)/.exec(raised)?.[1]);
  expect(no, raised).toBeGreaterThan(0);
  expect(await say('office1', `交办 #${no} 县自然资源局 8月30日前`)).toContain('县自然资源局');
  return no;
}

const ROLES = {
  项目联系人: 'zhangwei',
  其他项目联系人: 'zhouqi',
  指挥长: 'zhaogang',
  县领导: 'liqiang',
  单位负责人: 'wangfang',
  重大办: 'office1',
  管理员: 'admin1',
  库外人员: 'nobody',
} as const;
type RoleName = keyof typeof ROLES;
const ALL = Object.keys(ROLES) as RoleName[];
const REPORTERS: RoleName[] = ['项目联系人', '指挥长', '县领导', '重大办', '管理员'];
const DIRECTORS: RoleName[] = ['指挥长', '县领导', '重大办', '管理员'];

const counts = async () => ({
  reports: await ProgressReportModel.countDocuments({}),
  events: await StatusEventModel.countDocuments({}),
  problems: await ProblemModel.countDocuments({}),
  audit: await AuditLogModel.countDocuments({}),
});
type Counts = Awaited<ReturnType<typeof counts>>;
const COMMANDS: Array<{
  name: string;
  text: (no: number) => string;
  needsProblem?: boolean;
  allowed: RoleName[];
  /** What an allowed command adds. */
  adds?: keyof Counts;
}> = [
  { name: '进度', text: () => '进度 贺巴 本月完成投资100万元', allowed: REPORTERS, adds: 'reports' },
  { name: '开工', text: () => '竣工 贺巴 2021-08-18', allowed: REPORTERS, adds: 'events' },
  { name: '问题', text: () => '问题 贺巴 资金：配套资金未到位', allowed: REPORTERS, adds: 'problems' },
  {
    name: '交办',
    text: (no) => `交办 #${no} 县自然资源局 9月10日前`,
    needsProblem: true,
    allowed: DIRECTORS,
  },
  {
    name: '派单',
    text: () => '派单 县自然资源局 贺巴 用地报批材料8月30日前报市局',
    allowed: DIRECTORS,
    adds: 'problems',
  },
  { name: '升级', text: (no) => `升级 #${no} 涉及多个部门`, needsProblem: true, allowed: DIRECTORS },
  {
    name: '办结',
    text: (no) => `办结 #${no} 已完成签约`,
    needsProblem: true,
    allowed: [...DIRECTORS, '单位负责人'],
  },
  { name: '查询', text: () => '查 贺巴', allowed: ALL },
  { name: '查问题', text: () => '查 问题', allowed: ALL },
  { name: '日报', text: () => '日报', allowed: ALL },
  { name: '帮助', text: () => '帮助', allowed: ALL },
];

describe('permission matrix: every command × every role', () => {
  for (const cmd of COMMANDS) {
    it(`${cmd.name}: allowed for ${cmd.allowed.join('、')}; refused, with nothing stored, for the rest`, async () => {
      const outcome: string[] = [];
      for (const role of ALL) {
        const no = cmd.needsProblem ? await problem() : 0;
        const before = await counts();
        const problemBefore = no ? await ProblemModel.findOne({ no }).lean() : null;
        const reply = await say(ROLES[role], cmd.text(no));
        const refused = /没有权限/.test(reply);
        outcome.push(`${role}:${refused ? '✗' : '✓'}`);
        expect(refused, `${cmd.name} by ${role}: ${reply}`).toBe(!cmd.allowed.includes(role));
        expect(reply).not.toMatch(/系统处理出错|Error|at .*\.ts/);
        if (!refused && cmd.adds) {
          expect((await counts())[cmd.adds], `${cmd.name} by ${role} stored nothing`).toBeGreaterThan(
            before[cmd.adds],
          );
        }
        if (!refused && no) {
          const after = await ProblemModel.findOne({ no }).lean();
          expect(JSON.stringify(after), `${cmd.name} by ${role} changed nothing`).not.toBe(
            JSON.stringify(problemBefore),
          );
        }
        if (refused) {
          expect(reply).toMatch(/可以办理的是：/);
          expect(await counts()).toEqual(before);
          if (no) {
            const after = await ProblemModel.findOne({ no }).lean();
            expect(JSON.stringify({ ...after, updatedAt: 0 })).toBe(
              JSON.stringify({ ...problemBefore, updatedAt: 0 }),
            );
          }
        }
      }
      console.log(`[faults] permissions ${cmd.name}: ${outcome.join(' ')}`);
    }, 60_000);
  }
});
