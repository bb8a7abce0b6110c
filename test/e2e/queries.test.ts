/**
 * 查 (project card, sector investment, 未报送, history), 日报 / 周报 / 月报 / 通报, 导出 台账,
 * 帮助 / ?, anything not understood, and WeCom's size limits on long answers — through the
 * encrypted callback, with long answers arriving through the fake webhook API.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { bytes, type E2E, MAIN_KEY, startE2E } from './harness.ts';

let h: E2E;
beforeAll(async () => {
  h = await startE2E();
  await h.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%');
  await h.say('zhangwei', '进度 武忻高速 7月完成投资800万元');
  await h.say('liuna', '进度 茧丝绸产业园 本月完成投资1500万元，累计完成2亿元');
  await h.say('zhangwei', '问题 贺巴 征地拆迁：那湾村3户未签约，需县自然资源局协调');
});
afterAll(async () => {
  await h?.close();
});

const LIMIT = { text: 2048, markdown: 4096 } as Record<string, number>;
function expectWithinLimits(pushed: Array<{ msgtype: string; content?: string }>) {
  for (const m of pushed) {
    if (m.msgtype in LIMIT) expect(bytes(m.content), m.msgtype).toBeLessThanOrEqual(LIMIT[m.msgtype]!);
  }
}

describe('查', () => {
  it('查 项目: status, plan, latest month and ytd in 万元, share, 形象进度, open problems', async () => {
    for (const text of ['查 贺巴', '#查询 贺巴高速', '/查XC-2021-005']) {
      const r = await h.say('liqiang', text);
      expect(r.text, text).toContain('贺巴高速公路(忻城段)');
      expect(r.text, text).toContain('续建');
      expect(r.text, text).toContain('200000万元');
      expect(r.text, text).toContain('2021年8月');
      expect(r.text, text).toContain('1200万元');
      expect(r.text, text).toContain('32000万元');
      expect(r.text, text).toContain('16.0%');
      expect(r.text, text).toContain('路基完成60%');
      expect(r.text, text).toMatch(/#\d+/);
    }
  });

  it('查 工业 投资: year-to-date vs the annual plan and the three-year target', async () => {
    const r = await h.say('liqiang', '查 工业 投资');
    expect(r.text).toContain('工业');
    // 茧丝绸产业园 reported 累计 2亿元; no other 工业 project reported.
    expect(r.text).toContain('20000万元');
    // Demo workbook targets: 工业 100000万元 for 2021, 350000万元 for 2021—2023.
    expect(r.text).toContain('100000万元');
    expect(r.text).toMatch(/350000万元|35亿元/);
  });

  it('查 未报送 names, and @-mentions, the contacts of projects without a report this month', async () => {
    const r = await h.say('huangmin', '查 未报送');
    expect(r.text).toContain('2021年8月');
    expect(r.text).toContain('武宣至忻城高速公路');
    expect(r.text).not.toContain('贺巴高速公路(忻城段)');
    expect(r.text).not.toContain('三江口(忻城)茧丝绸产业园');
    expect(r.mentions).toEqual(expect.arrayContaining(['zhangwei', 'yangfan', 'sunli']));
  });

  it('查 历史: who reported what, when, from which message', async () => {
    const r = await h.say('liqiang', '查 历史 贺巴');
    expect(r.text).toContain('1200万元');
    expect(r.text).toContain('张伟');
  });
});

describe('日报 / 周报 / 月报 / 通报', () => {
  it('日报 and 周报 answer with the summaries, each message within the limits', async () => {
    const daily = await h.say('liqiang', '日报');
    expect(daily.text).toContain('日调度 2021年8月16日');
    expect(daily.text).toContain('贺巴高速公路(忻城段)');
    const weekly = await h.say('liqiang', '#周报');
    expect(weekly.text).toContain('2021年第33周');
    expectWithinLimits(weekly.pushed);
  });

  it('月报 7月 is the July roll-up', async () => {
    const r = await h.say('liqiang', '月报 7月');
    expect(r.text).toContain('2021年7月');
    expect(r.text).toContain('武宣至忻城高速公路');
    expect(r.text).toContain('800万元');
    expectWithinLimits(r.pushed);
  });

  it('通报 7月 posts markdown and a chart image through the webhook', async () => {
    const r = await h.say('liqiang', '通报 7月', { waitMs: 20_000 });
    expect(r.result.reply).toBeUndefined();
    expect(r.text).toContain('2021年7月');
    expect(r.text).toContain('通报');
    expect(r.pushed.some((m) => m.msgtype === 'markdown')).toBe(true);
    expect(r.pushed.some((m) => m.msgtype === 'image')).toBe(true);
    expectWithinLimits(r.pushed);
  });
});

describe('导出 台账', () => {
  it('uploads the ledger workbook with upload_media and posts it as a file message', async () => {
    const uploads = h.api.uploads().length;
    const r = await h.say('huangmin', '导出 台账');
    const file = r.pushed.find((m) => m.msgtype === 'file');
    expect(file).toBeDefined();
    const up = h.api.uploads().slice(uploads);
    expect(up).toHaveLength(1);
    expect(up[0]!.key).toBe(MAIN_KEY);
    expect(up[0]!.filename).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(up[0]!.data as unknown as ArrayBuffer);
    const cells = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
    expect(cells.some((c) => c.includes('贺巴高速公路(忻城段)'))).toBe(true);
  });
});

describe('帮助 / ? / not understood', () => {
  it('帮助 and ? give usage with examples for the sender', async () => {
    const contact = await h.say('zhangwei', '帮助');
    expect(contact.text).toContain('进度 贺巴');
    expect(contact.text).toContain('问题 贺巴');
    const office = await h.say('huangmin', '？');
    expect(office.text).toContain('交办 #');
    expect(office.text).toContain('导出');
    const direct = await h.say('liqiang', '?', { group: false });
    expect(direct.result.reply?.content).toContain('查 贺巴');
  });

  it('something not understood gets a friendly answer with an example, never silence', async () => {
    for (const text of ['今天天气怎么样', 'asdf', '进度']) {
      const r = await h.say('zhangwei', text);
      expect(r.text.length, text).toBeGreaterThan(0);
      expect(r.text, text).toMatch(/例如|如：|帮助/);
      expect(r.text, text).not.toMatch(/Error|at .*\.ts/);
    }
  });
});

describe('outbound limits', () => {
  it('a long 查 问题 answer arrives as at most three messages within 2048 / 4096 bytes, the whole as a file', async () => {
    await ProblemModel.insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        no: 1000 + i,
        projectCode: 'XC-2021-005',
        category: '其他',
        description: `第${i + 1}项：施工便道与村道交叉处需要协调交通管制和安全防护措施`,
        tier: 1,
        unitName: '县交通运输局',
        deadline: '2021-08-01',
        raisedBy: 'zhangwei',
      })),
    );
    const uploadsBefore = h.api.uploads().length;
    // In a group of its own: the main group's 20 messages a minute went to the answers above.
    const r = await h.say('liqiang', '查 问题 逾期', { chatId: 'wrLimitsGroup', webhookKey: 'demo-key-2' });
    expect(r.result.reply).toBeUndefined();
    // Sixty problems are more than three messages' worth (MESSAGE_MAX_PIECES): the first pieces, then the file.
    expect(r.pushed.map((m) => m.msgtype).slice(-1)).toEqual(['file']);
    expect(r.pushed.length).toBeLessThanOrEqual(3);
    expectWithinLimits(r.pushed);
    expect(r.text).toContain('#1000');
    expect(r.text).toMatch(/完整内容见随后发送的文件「.+\.txt」）/);
    const [file, ...others] = h.api.uploads().slice(uploadsBefore);
    expect(others).toHaveLength(0);
    const all = file!.data.toString('utf8');
    expect(all).toContain('#1000');
    expect(all).toContain('#1059');
  });
});
