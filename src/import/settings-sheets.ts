/** 群聊, 投资目标 and 节假日. */
import { localCode } from '../domain/county.ts';
import { SUBSCRIPTIONS, TARGET_DOMAINS } from '../domain/vocabulary.ts';
import {
  CellError,
  list,
  oneOf,
  requiredDay,
  requiredText,
  requiredWanToYuan,
  someOf,
  text,
  webhookKey,
  year,
} from './cells.ts';
import { defineSheet } from './sheet-spec.ts';

const ALL = '全部';

export const groupSheet = defineSheet({
  sheet: '群聊',
  entity: 'Group',
  keyColumn: '群名称',
  required: ['群名称'],
  columns: {
    群名称: (v) => requiredText(v, '群名称'),
    群ID: (v) => text(v),
    Webhook: (v) => webhookKey(v, 'Webhook'),
    推送内容: (v) => someOf(v, '推送内容', SUBSCRIPTIONS),
    关联项目: (v) => {
      const codes = list(v);
      if (codes.includes(ALL)) {
        if (codes.length > 1) throw new CellError('关联项目填了「全部」就不要再列项目编号');
        return { all: true, codes: [] as string[] };
      }
      return { all: false, codes };
    },
  },
  toFields: (r) => ({
    name: r.群名称,
    // Empty 群ID / Webhook: the robot learns them from the group's first callback; keep what it learned.
    chatId: r.群ID ?? undefined,
    webhookKey: r.Webhook ?? undefined,
    subscriptions: r.推送内容,
    projectCodes: r.关联项目?.codes,
    allProjects: r.关联项目?.all,
  }),
  keyOf: (f) => String(f.name),
  filter: (f) => ({ name: f.name }),
  inCounty: (f, ref) => (f.projectCodes ? { ...f, projectCodes: (f.projectCodes as string[]).map(ref) } : f),
  // A group first heard of in a callback is named "群聊 <chatid>"; the workbook row names it. By
  // name only within the row's county: another county may have a group of the same name.
  findExisting: async (f, table, county) =>
    (await table.find({ name: f.name })).find(county.owns) ??
    (f.chatId ? await table.findOne({ chatId: f.chatId }) : null) ??
    (f.webhookKey ? await table.findOne({ webhookKey: f.webhookKey }) : null),
  check: (f, ctx) => {
    const unknown = ((f.projectCodes as string[] | undefined) ?? []).filter((c) => !ctx.projectCodes.has(c));
    return unknown.length
      ? [
          {
            column: '关联项目',
            reason: `关联项目「${unknown.map(localCode).join('、')}」不在${ctx.countyLabel}项目库中`,
          },
        ]
      : [];
  },
});

export const targetSheet = defineSheet({
  sheet: '投资目标',
  entity: 'InvestmentTarget',
  keyColumn: '领域',
  required: ['领域', '起始年度', '截止年度', '目标(万元)'],
  columns: {
    领域: (v) => oneOf(v, '领域', TARGET_DOMAINS),
    起始年度: (v) => year(v, '起始年度'),
    截止年度: (v) => year(v, '截止年度'),
    '目标(万元)': (v) => requiredWanToYuan(v, '目标'),
  },
  toFields: (r) => ({ domain: r.领域, fromYear: r.起始年度, toYear: r.截止年度, target: r['目标(万元)'] }),
  keyOf: (f) => `${f.domain} ${f.fromYear}-${f.toYear}`,
  filter: (f) => ({ domain: f.domain, fromYear: f.fromYear, toYear: f.toYear }),
  check: (f) =>
    (f.toYear as number) < (f.fromYear as number)
      ? [{ column: '截止年度', reason: `截止年度 ${f.toYear} 早于起始年度 ${f.fromYear}` }]
      : [],
});

export const holidaySheet = defineSheet({
  sheet: '节假日',
  entity: 'Holiday',
  keyColumn: '日期',
  required: ['日期', '类型'],
  columns: {
    日期: (v) => requiredDay(v, '日期'),
    类型: (v) => oneOf(v, '类型', ['休', '班'] as const),
    名称: (v) => text(v) ?? '',
  },
  toFields: (r) => ({ date: r.日期, type: r.类型, name: r.名称 }),
  keyOf: (f) => String(f.date),
  filter: (f) => ({ date: f.date }),
  noCounty: true,
});
