import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { StatusEventModel } from '../../models/status-event.model.ts';
import { createData, type NewProblem } from '../../src/data/index.ts';
import type { Reply } from '../../src/domain/messages.ts';
import { FULIU, HEBA, only, type ReportBot, startReportBot } from './harness.ts';

let bot: ReportBot;
const createProblem = (p: NewProblem) => createData().problems.create(p, new Date());

beforeAll(async () => {
  ({ bot } = await startReportBot());
  // July and August for 贺巴 (August corrected once), one month for each 工业 project.
  await bot.say('zhangwei', '进度 贺巴 7月完成投资1000万元，累计完成3.08亿元，形象进度：路基完成55%');
  await bot.say('zhangwei', '进度 贺巴 本月完成投资1100万元，累计完成3.19亿元');
  await bot.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%');
  await bot.say('lin', '进度 茧丝绸产业园 本月完成投资2000万元，累计完成1.5亿元');
  await createProblem({
    projectCode: HEBA,
    kind: 'problem',
    category: '征地拆迁',
    description: '那湾村3户未签约',
    tier: 1,
    unitName: '县自然资源局',
    deadline: '2021-08-31',
    raisedBy: 'zhangwei',
  });
});

function textOf(replies: Reply[]): { content: string; mentions: string[] } {
  const r = replies[0]!;
  if (replies.length !== 1 || r.type !== 'text') throw new Error('expected one text reply');
  return { content: r.content, mentions: r.mentions ?? [] };
}

describe('查', () => {
  it('查 <项目> shows the figures, 形象进度, open problems and who reported last', async () => {
    const card = only(await bot.say('liqiang', '查 贺巴'));
    expect(card).toContain('贺巴高速公路(忻城段)');
    expect(card).toContain(HEBA);
    expect(card).toContain('状态：续建');
    expect(card).toContain('年度计划投资：50000万元');
    expect(card).toContain('最新报送：2021年8月 完成投资1200万元');
    expect(card).toContain('本年累计：32000万元，占年度计划64.0%');
    expect(card).toContain('形象进度：路基完成60%（2021年8月）');
    expect(card).toMatch(/#\d+ 征地拆迁：那湾村3户未签约（1级，县自然资源局，2021年8月31日前）/);
    expect(card).toContain('最近报送：张伟 2021-08-20 10:00');
  });

  it('查 工业 投资 compares the sector with its annual plan and the three-year target', async () => {
    const reply = only(await bot.say('liqiang', '查 工业 投资'));
    // 茧丝绸 15000万 of a combined plan of 2亿 + 3亿; the plan's 2021–2023 target is 35亿.
    expect(reply).toContain('工业领域2021年投资（2个项目）');
    expect(reply).toContain(
      '本年累计完成15000万元，年度计划50000万元（所含项目年度计划投资合计），完成30.0%',
    );
    expect(reply).toContain('2021—2023年累计目标350000万元，已累计完成15000万元，完成4.3%');
  });

  it('查 未报送 lists projects without a report this month and @-mentions their contacts', async () => {
    const { content, mentions } = textOf(await bot.say('office1', '查 未报送'));
    expect(content).toContain('2021年8月尚未报送进度的项目共1个');
    expect(content).toContain('三江口新区产业园：@林峰 @莫兰');
    expect(content).not.toContain('福六水库'); // 前期
    expect(content).not.toContain('贺巴');
    expect(mentions.sort()).toEqual(['lin', 'mo']);
  });

  it('查 历史 <项目> lists every figure with who, when, message and what it replaced', async () => {
    const reply = only(await bot.say('liqiang', '查 历史 贺巴'));
    expect(reply).toContain('共3条进度报送');
    expect(reply).toMatch(
      /2021年8月 完成投资1200万元.*张伟 2021-08-20 10:00报送，消息msg-3［当前有效］，替换了.*完成投资1100万元，消息msg-2/,
    );
    expect(reply).toMatch(/2021年8月 完成投资1100万元.*消息msg-2［已被替换］/);
    expect(reply).toMatch(/2021年7月 完成投资1000万元.*消息msg-1/);
  });
});

describe('开工 and 撤销', () => {
  it('records 开工 with the project status, and 撤销 puts the project back', async () => {
    expect(only(await bot.say('zhouqi', '查 福六水库'))).toContain('状态：前期');
    // Another instance of the bot (or the job runner) holds its own copy of the library.
    const elsewhere = createData({ libraryCheckEveryMs: 0 }).library;
    expect((await elsewhere.project(FULIU))?.status).toBe('前期');
    const reply = only(await bot.say('zhouqi', '开工 福六水库 2021-08-01'));
    expect(reply).toContain('已记录：广西来宾市忻城县福六水库工程 2021年8月1日开工');
    expect(reply).toContain('项目状态由前期改为新开工');
    expect(await StatusEventModel.findOne({ projectCode: FULIU }).lean()).toMatchObject({
      kind: '开工',
      date: '2021-08-01',
      reporterId: 'zhouqi',
      state: 'current',
    });
    expect(await ProjectModel.findOne({ code: FULIU }).lean()).toMatchObject({
      status: '新开工',
      actualStart: '2021-08-01',
    });
    // The card reads the project library kept in memory: the status change must show at once.
    expect(only(await bot.say('zhouqi', '查 福六水库'))).toContain('状态：新开工');
    expect((await elsewhere.project(FULIU))?.status).toBe('新开工');

    const undo = only(await bot.say('zhouqi', '撤销'));
    expect(undo).toContain('已撤销广西来宾市忻城县福六水库工程 2021年8月1日开工的登记');
    expect((await StatusEventModel.findOne({ projectCode: FULIU }).lean())!.state).toBe('withdrawn');
    const project = await ProjectModel.findOne({ code: FULIU }).lean();
    expect(project!.status).toBe('前期');
    expect(project!.actualStart).toBeUndefined();
    expect(only(await bot.say('zhouqi', '查 福六水库'))).toContain('状态：前期');
    expect((await elsewhere.project(FULIU))?.status).toBe('前期');
  });

  it('撤销 withdraws a problem when it is the newest thing the sender sent, keeping its history', async () => {
    const p = await createProblem({
      projectCode: FULIU,
      kind: 'problem',
      category: '用地',
      description: '库区用地报批未完成',
      tier: 1,
      raisedBy: 'zhouqi',
    });
    const reply = only(await bot.say('zhouqi', '撤销'));
    expect(reply).toContain(`已撤销问题 #${p.no}`);
    const stored = await ProblemModel.findOne({ no: p.no }).lean();
    expect(stored!.status).toBe('withdrawn');
    expect(stored!.history.map((h) => h.action)).toEqual(['raise', 'withdraw']);
    expect(only(await bot.say('zhouqi', '撤销'))).toContain('没有可撤销');
  });
});
