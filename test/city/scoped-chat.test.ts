/**
 * Scoped answers and permissions in a deployment of two counties and the city (issue 16), through
 * the callback path: names resolve within a county group's county; a city group reads 查 忻城县 贺巴,
 * names unique across counties, lists an ambiguous name's candidates with their county, and answers
 * 查 忻城县 with the county's card; people act only on their own county's projects, while 市重大办 and
 * 市领导 act in every county.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import { type E2E, startE2E } from '../e2e/harness.ts';
import { CITY_CHAT, CITY_KEY, importSecondCounty, XB_CHAT, XB_KEY } from './second-county.ts';

let h: E2E;
const inXingbin = { chatId: XB_CHAT, webhookKey: XB_KEY };
const inCity = { chatId: CITY_CHAT, webhookKey: CITY_KEY };

beforeAll(async () => {
  h = await startE2E();
  await importSecondCounty(h);
  await h.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元，形象进度：路基完成60%');
  await h.say('xb_zhao', '进度 凤凰大道 本月完成投资500万元，累计完成5000万元', inXingbin);
});
afterAll(async () => {
  await h?.close();
});

describe('names resolve within the county of a county group', () => {
  it("does not find another county's project in a county group", async () => {
    const here = await h.say('liqiang', '查 凤凰大道');
    expect(here.text).toContain('没有找到');
    expect(here.text).not.toContain('凤凰大道改扩建工程（');
    const there = await h.say('xb_zhao', '查 凤凰大道', inXingbin);
    expect(there.text).toContain('凤凰大道改扩建工程');
    expect(there.text).toContain('500万元');
  });

  it("finds a 兴宾区 project by its 项目编号 in 兴宾区's group", async () => {
    const r = await h.say('xb_zhao', '查 XB-001', inXingbin);
    expect(r.text).toContain('凤凰大道改扩建工程');
  });
});

describe('a city group', () => {
  it('reads 查 忻城县 贺巴 and a name unique across counties', async () => {
    const hb = await h.say('city_li', '查 忻城县 贺巴', inCity);
    expect(hb.text).toContain('贺巴高速公路(忻城段)');
    expect(hb.text).toContain('1200万元');
    const fh = await h.say('city_li', '查 凤凰大道', inCity);
    expect(fh.text).toContain('凤凰大道改扩建工程');
  });

  it('lists the candidates of an ambiguous name with their county', async () => {
    const r = await h.say('city_li', '查 茧丝绸', inCity);
    expect(r.text).toContain('哪个项目');
    expect(r.text).toContain('（忻城县）');
    expect(r.text).toContain('（兴宾区）');
    const chosen = await h.say('city_li', r.text.includes('1. 兴宾区') ? '1' : '2', inCity);
    expect(chosen.text).toContain('兴宾区茧丝绸产业园二期');
    // Narrowed by the county word, the same name is not ambiguous.
    const named = await h.say('city_li', '查 兴宾区 茧丝绸', inCity);
    expect(named.text).toContain('兴宾区茧丝绸产业园二期');
    expect(named.text).not.toContain('哪个项目');
  });

  it("answers 查 忻城县 with the county's card", async () => {
    const r = await h.say('city_lead', '查 忻城县', inCity);
    expect(r.text).toContain('忻城县重大项目2021年情况');
    expect(r.text).toMatch(/年度计划投资\d+万元/);
    expect(r.text).toContain('本年累计完成');
    expect(r.text).toMatch(/红灯\d+个、黄灯\d+个、绿灯\d+个/);
    expect(r.text).toMatch(/逾期\d+个/);
    const xb = await h.say('city_lead', '查 兴宾区', inCity);
    expect(xb.text).toContain('兴宾区重大项目2021年情况（2个项目');
    // 凤凰大道 20000 + 兴宾茧丝绸 5000 = 25000万元; 5000万元 of it done = 20.0%.
    expect(xb.text).toContain('年度计划投资25000万元，本年累计完成5000万元，完成20.0%');
  });
});

describe('summaries asked in chat', () => {
  it("are the county's in a county group and the city's in a city group", async () => {
    const xb = await h.say('xb_zhao', '日报', inXingbin);
    expect(xb.text).toContain('凤凰大道改扩建工程');
    expect(xb.text).not.toContain('贺巴');
    const xc = await h.say('liqiang', '日报');
    expect(xc.text).toContain('贺巴高速公路(忻城段)');
    expect(xc.text).not.toContain('凤凰大道');
    const city = await h.say('city_li', '通报 8月', inCity);
    expect(city.text).toContain('2021年8月全市重大项目建设情况通报');
    expect(city.text).toContain('**兴宾区**（2个项目）');
  });
});

describe("people act only on their own county's projects", () => {
  it("refuses a county's 重大办 on another county's project, saying so", async () => {
    const r = await h.say('xb_office', '进度 忻城县 贺巴 本月完成投资100万元', inCity);
    expect(r.text).toContain('没有权限');
    expect(r.text).toContain('该事项属于忻城县，您登记在兴宾区');
    const own = await h.say('xb_office', '进度 凤凰大道 本月完成投资600万元', inXingbin);
    expect(own.text).toContain('600万元');
    expect(own.text).not.toContain('没有权限');
  });

  it("refuses 忻城县's 重大办 on 兴宾区's problem", async () => {
    const raised = await h.say('xb_zhao', '问题 凤凰大道 征地拆迁：2户未签约，需县自然资源局协调', inXingbin);
    const no = Number(/#(\d+)/.exec(raised.text)?.[1]);
    expect(no).toBeGreaterThan(0);
    expect((await ProblemModel.findOne({ no }).lean())?.county).toBe('兴宾区');
    const r = await h.say('huangmin', `交办 #${no} 县自然资源局 9月10日前`);
    expect(r.text).toContain('该事项属于兴宾区，您登记在忻城县');
  });

  it('lets 市重大办 and 市领导 act in every county', async () => {
    const hb = await h.say('city_li', '进度 忻城县 贺巴 本月完成投资1300万元', inCity);
    expect(hb.text).not.toContain('没有权限');
    expect(hb.text).toContain('1300万元');
    const raised = await h.say('city_li', '问题 兴宾区 凤凰大道 资金：配套资金未到位', inCity);
    const no = Number(/#(\d+)/.exec(raised.text)?.[1]);
    expect(no).toBeGreaterThan(0);
    const up = await h.say('city_lead', `升级 #${no} 需市级协调`, inCity);
    expect(up.text).not.toContain('没有权限');
    expect((await ProblemModel.findOne({ no }).lean())?.tier).toBe(2);
    const done = await h.say('city_lead', `办结 #${no} 资金已到位`, inCity);
    expect(done.text).not.toContain('没有权限');
    expect((await ProblemModel.findOne({ no }).lean())?.status).toBe('resolved');
  });
});

describe("a county group's lists", () => {
  it("list that county's problems only; the city group lists every county's", async () => {
    const xc = await h.say('zhangwei', '问题 贺巴 用地：取土场用地未批，需县自然资源局协调');
    const xcNo = Number(/#(\d+)/.exec(xc.text)?.[1]);
    const xb = await h.say('xb_zhao', '问题 凤凰大道 资金：二期配套资金未落实', inXingbin);
    const xbNo = Number(/#(\d+)/.exec(xb.text)?.[1]);
    expect(xcNo).toBeGreaterThan(0);
    expect(xbNo).toBeGreaterThan(0);

    const inXb = await h.say('xb_zhao', '查 问题', inXingbin);
    expect(inXb.text).toContain(`#${xbNo}`);
    expect(inXb.text).not.toContain(`#${xcNo}`);
    const inXc = await h.say('liqiang', '查 问题');
    expect(inXc.text).toContain(`#${xcNo}`);
    expect(inXc.text).not.toContain(`#${xbNo}`);
    const city = await h.say('city_li', '查 问题', inCity);
    expect(city.text).toContain(`#${xcNo}`);
    expect(city.text).toContain(`#${xbNo}`);
  });

  it("list that county's unreported projects only", async () => {
    const inXc = await h.say('liqiang', '查 未报送');
    expect(inXc.text).toContain('福六水库');
    const inXb = await h.say('xb_zhao', '查 未报送', inXingbin);
    expect(inXb.text).not.toContain('福六水库');
  });
});
