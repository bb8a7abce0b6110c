/** 单位 and 人员. */
import { ROLES } from '../domain/vocabulary.ts';
import { CellError, halfWidth, requiredText, someOf, text, userId, userIds } from './cells.ts';
import { defineSheet } from './sheet-spec.ts';

export const unitSheet = defineSheet({
  sheet: '单位',
  entity: 'Unit',
  keyColumn: '单位名称',
  required: ['单位名称'],
  columns: {
    单位名称: (v) => requiredText(v, '单位名称'),
    简称: (v) => text(v),
    负责人: (v) => userIds(v, '负责人')[0] ?? null,
  },
  toFields: (r) => ({ name: r.单位名称, shortName: r.简称, headId: r.负责人 }),
  keyOf: (f) => String(f.name),
  filter: (f) => ({ name: f.name }),
  personRefs: (f) => ({ 负责人: f.headId ? [String(f.headId)] : [] }),
});

export const personSheet = defineSheet({
  sheet: '人员',
  entity: 'Person',
  keyColumn: '账号',
  required: ['账号', '姓名', '角色'],
  columns: {
    账号: (v) => userId(v, '账号'),
    姓名: (v) => requiredText(v, '姓名'),
    单位: (v) => text(v),
    角色: (v) => someOf(v, '角色', ROLES),
    手机: (v) => {
      const t = text(typeof v === 'number' ? String(v) : v);
      if (t === null) return null;
      const digits = halfWidth(t).replace(/[\s-]/g, '');
      if (!/^\+?\d{5,20}$/.test(digits)) throw new CellError(`手机「${t}」不是电话号码`);
      return digits;
    },
  },
  toFields: (r) => ({ userId: r.账号, name: r.姓名, unitName: r.单位, roles: r.角色, mobile: r.手机 }),
  keyOf: (f) => String(f.userId),
  filter: (f) => ({ userId: f.userId }),
  oneAcrossCounties: true,
});
