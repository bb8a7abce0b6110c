import { beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { HolidayModel } from '../../models/holiday.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import type { Data } from '../../src/data/index.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { connectTestStores } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from './workbook-fixture.ts';

let data: Data;

beforeAll(async () => {
  ({ data } = await connectTestStores());
});

describe('workbook layouts people actually send', () => {
  it('tolerates a title row, full-width headers, extra columns and Excel date cells', async () => {
    const header = PROJECT_HEADER.map((h) => h.replace('(万元)', '（万元）'));
    const buf = await workbookBuffer({
      项目库: [
        ['忻城县重大项目库（2021年7月）'],
        [...header, '内部序号'],
        [...projectRow({ 项目编号: 'L-1', 计划开工: new Date(Date.UTC(2021, 7, 1)) }), 99],
        [],
        [...projectRow({ 项目编号: 'L-2', '总投资(万元)': '８５,０００' }), 100],
      ],
      群聊: [
        ['群名称', '群id', 'webhook', '推送内容', '关联项目'],
        ['专班群', 'wrk1', 'k-0001', '日报', 'L-1、L-2'],
      ],
      节假日: [
        ['日期', '类型', '名称'],
        [new Date(Date.UTC(2021, 9, 1)), '休', '国庆节'],
        ['2021/10/9', '班', '国庆节调休'],
        ['2021-10-10', '放假', ''],
      ],
    });
    const result = await importWorkbook(data, buf);
    expect(result.sheets.项目库).toMatchObject({ created: 2, errors: 0 });
    expect((await ProjectModel.findOne({ code: 'L-1' }).lean())?.plannedStart).toBe('2021-08-01');
    expect((await ProjectModel.findOne({ code: 'L-2' }).lean())?.totalInvestment).toBe(850_000_000);
    expect(result.sheets.节假日).toMatchObject({ created: 2, errors: 1 });
    expect(await GroupModel.findOne({ name: '专班群' }).lean()).toMatchObject({
      chatId: 'wrk1',
      webhookKey: 'k-0001',
    });
    expect(result.errors).toEqual([
      { sheet: '节假日', row: 4, column: '类型', reason: '类型「放假」不在可选值中（休、班）' },
    ]);
    expect((await HolidayModel.find().sort({ date: 1 }).lean()).map((h) => [h.date, h.type])).toEqual([
      ['2021-10-01', '休'],
      ['2021-10-09', '班'],
    ]);
  });

  it('leaves fields alone when their column is absent, and clears them when the cell is emptied', async () => {
    const short = PROJECT_HEADER.slice(0, 9);
    const buf = await workbookBuffer({ 项目库: [short, projectRow({ 项目编号: 'L-1' }).slice(0, 9)] });
    const r1 = await importWorkbook(data, buf);
    expect(r1.sheets.项目库).toMatchObject({ unchanged: 1 });
    expect((await ProjectModel.findOne({ code: 'L-1' }).lean())?.contactIds).toEqual(['zhangwei']);

    const cleared = await workbookBuffer({
      项目库: [
        PROJECT_HEADER,
        projectRow({ 项目编号: 'L-1', 简称: null, 项目联系人: null, 计划开工: '2021-08-01' }),
      ],
    });
    const r2 = await importWorkbook(data, cleared);
    expect(r2.sheets.项目库).toMatchObject({ updated: 1 });
    const p = await ProjectModel.findOne({ code: 'L-1' }).lean();
    expect(p?.shortName).toBeUndefined();
    expect(p?.contactIds).toEqual([]);
  });
});
