/**
 * Realistic traffic for the demo county (demo/xincheng-demo.xlsx): monthly reports from the six
 * 项目联系人 on their own projects, queries from the county leader, the 重大办 and a commander,
 * and problems raised by contacts, all @-mentioning the bot in the county dispatch group.
 */
import type { SendTextInput } from '../../test/fake-wecom/callback-client.ts';

export const BENCH_CHAT = 'wr-bench-dispatch';
export const BENCH_WEBHOOK_KEY = 'demo-key-1';

/** 项目联系人 → their projects (简称) that expect monthly reports. */
const CONTACTS: Record<string, string[]> = {
  zhangwei: ['贺巴高速', '武忻高速'],
  liuna: ['茧丝绸产业园', '金泰医疗', '三江口产业园', '制糖技改'],
  yangfan: ['中节能风电', '管道燃气', '福六水库'],
  zhoujie: ['智慧应急', '5G项目', '数字平安', '老旧小区改造', '污水处理提标'],
  wuting: ['冷链物流中心', '芝州商贸城', '印象忻城', '鸳鸯湖度假区'],
  sunli: ['高标准农田', '高中迁建', '忻城中学迁建'],
};

const QUERIES: Array<[string, string]> = [
  ['liqiang', '查 贺巴'],
  ['liqiang', '查 交通 投资'],
  ['huangmin', '查 未报送'],
  ['chenjun', '查 武忻高速'],
  ['huangmin', '查 工业 投资'],
  ['liqiang', '查 金泰医疗'],
];

const PROBLEMS = [
  '征地拆迁：那湾村3户未签约，需县自然资源局协调',
  '用地：取土场用地未批',
  '资金：配套资金缺口2000万元',
  '审批：施工许可待办',
];

export type MessageKind = 'report' | 'query' | 'problem';

export interface BenchMessage {
  kind: MessageKind;
  input: SendTextInput;
}

/** The i-th message of the mix: 6 reports, 3 queries, 1 problem in every 10. */
export function benchMessage(i: number): BenchMessage {
  const slot = i % 10;
  const contacts = Object.keys(CONTACTS);
  const group = { chatId: BENCH_CHAT, webhookKey: BENCH_WEBHOOK_KEY };
  if (slot < 6) {
    const userId = contacts[(i + slot) % contacts.length]!;
    const projects = CONTACTS[userId]!;
    const project = projects[Math.floor(i / contacts.length) % projects.length]!;
    const wan = 100 + ((i * 37) % 900);
    return {
      kind: 'report',
      input: {
        ...group,
        userId,
        text: `进度 ${project} 本月完成投资${wan}万元，形象进度：完成${(i % 90) + 5}%`,
      },
    };
  }
  if (slot < 9) {
    const [userId, text] = QUERIES[i % QUERIES.length]!;
    return { kind: 'query', input: { ...group, userId, text } };
  }
  const userId = contacts[i % contacts.length]!;
  const project = CONTACTS[userId]![0]!;
  return {
    kind: 'problem',
    input: { ...group, userId, text: `问题 ${project} ${PROBLEMS[i % PROBLEMS.length]!}（第${i}项）` },
  };
}
