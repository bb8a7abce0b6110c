import { beforeAll, describe, expect, it } from 'vitest';
import { only, seedLibrary, startProblemBot } from './harness.ts';

let bot: Awaited<ReturnType<typeof startProblemBot>>;

beforeAll(async () => {
  bot = await startProblemBot('2021-08-05T02:00:00Z');
  await seedLibrary();
});

async function raise(userId: string, text: string): Promise<number> {
  const r = only(await bot.say(userId, text));
  const no = Number(/#(\d+)/.exec(r.content)?.[1]);
  expect(no, r.content).toBeGreaterThan(0);
  return no;
}

describe('problem queries', () => {
  let late: number;
  let notYet: number;
  let closed: number;
  let escalated: number;

  beforeAll(async () => {
    late = await raise('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调');
    notYet = await raise('zhangwei', '问题 贺巴 审批：施工许可未办');
    closed = await raise('zhouqi', '问题 福六水库 资金：配套资金未到位');
    escalated = await raise('zhouqi', '问题 福六水库 建设环境：村民阻工');
    only(await bot.say('office1', `交办 #${late} 县自然资源局 2021-08-20前`));
    only(await bot.say('office1', `交办 #${notYet} 县交通运输局 2021-09-01前`));
    only(await bot.say('office1', `交办 #${closed} 县水利局 2021-08-10前`));
    only(await bot.say('huangmin', `办结 #${closed} 资金已拨付`));
    only(await bot.say('sunli', `升级 #${escalated} 需县领导协调`));
    only(await bot.say('chenjun', `升级 #${escalated} 需协调会研究`));
    bot.clock.set('2021-08-25T02:00:00Z');
  });

  it('查 问题 逾期 lists only open problems past their deadline, most overdue first, with days overdue', async () => {
    const r = only(await bot.say('zhouqi', '查 问题 逾期'));
    // Raised on 5 August without a deadline, 建设环境 (5 working days), escalated twice that day:
    // each escalation gave 5 working days from the 5th, so it was due on the 12th.
    const listed = [...r.content.matchAll(/^\d+\. #(\d+) .*（逾期(\d+)天）$/gm)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(listed).toEqual([
      [escalated, 13],
      [late, 5],
    ]);
    expect(r.content).not.toContain(`#${notYet} `);
    expect(r.content).not.toContain(`#${closed} `);
    expect(r.content).toContain('共2个');
  });

  it('查 问题 lists every open one, numbered and in order', async () => {
    const r = only(await bot.say('zhouqi', '查 问题'));
    const listed = [...r.content.matchAll(/^\d+\. #(\d+) /gm)].map((m) => Number(m[1]));
    expect(listed).toEqual([late, notYet, escalated]);
  });

  it('查 问题 三级 and 查 问题 by unit narrow the list', async () => {
    const tier3 = only(await bot.say('zhouqi', '查 问题 三级'));
    expect(tier3.content).toContain(`#${escalated} `);
    expect(tier3.content).not.toContain(`#${late} `);
    const unit = only(await bot.say('zhouqi', '查 问题 自然资源局'));
    expect(unit.content).toContain(`#${late} `);
    expect(unit.content).not.toContain(`#${notYet} `);
  });

  it('查 #n shows the card with its whole history', async () => {
    const r = only(await bot.say('zhangwei', `查 #${closed}`));
    expect(r.content).toContain(`问题 #${closed}（已办结）`);
    expect(r.content).toContain('广西来宾市忻城县福六水库工程');
    expect(r.content).toContain('办结情况：资金已拨付');
    expect(r.content).toMatch(/周琪 登记/);
    expect(r.content).toMatch(/韦华 交办/);
    expect(r.content).toMatch(/黄敏 办结/);
  });
});

describe('帮助, unknown text and chat events', () => {
  it('help differs for a contact, a 重大办 member and a stranger', async () => {
    const contact = only(await bot.say('zhangwei', '帮助')).content;
    const office = only(await bot.say('office1', '帮助')).content;
    const stranger = only(await bot.say('nobody', '?')).content;

    expect(contact).toContain('进度 贺巴');
    expect(contact).toContain('问题 贺巴');
    expect(contact).not.toContain('交办 #12');
    expect(contact).not.toContain('派单');

    for (const example of [
      '进度 贺巴',
      '开工 福六水库',
      '问题 贺巴',
      '交办 #12',
      '派单 县自然资源局',
      '办结 #12',
      '升级 #12',
      '查 贺巴',
      '查 问题 逾期',
      '通报 7月',
      '撤销',
      '帮助',
    ]) {
      expect(office).toContain(example);
    }

    expect(stranger).toContain('查 贺巴');
    expect(stranger).not.toContain('进度 贺巴');
    expect(stranger).toContain('县重大办登记');
  });

  it('a unit head sees 办结 but not 派单', async () => {
    const head = only(await bot.say('wangfang', '帮助')).content;
    expect(head).toContain('办结 #12');
    expect(head).not.toContain('派单');
  });

  it('unknown text gets the closest command and an example', async () => {
    const r = only(await bot.say('zhangwei', '今天天气怎么样'));
    expect(r.content).toContain('例如');
    expect(r.content).toContain('帮助');
  });

  it('being added to a group gets a welcome; being removed gets nothing', async () => {
    const added = await bot.say('zhangwei', '', { kind: 'event', eventType: 'add_to_chat', text: undefined });
    expect(only(added).content).toContain('问题 贺巴');
    const direct = await bot.say('zhangwei', '', {
      kind: 'event',
      eventType: 'enter_chat',
      chatType: 'single',
      text: undefined,
    });
    expect(only(direct).content).toContain('张伟');
    const removed = await bot.say('zhangwei', '', {
      kind: 'event',
      eventType: 'delete_from_chat',
      text: undefined,
    });
    expect(removed).toEqual([]);
  });
});
