/**
 * Counties in the data (issue 16): one workbook with two counties and the city, imports per county
 * that never touch another county's rows, and codes and names unique within a county only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import type { Data } from '../../src/data/index.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { syncIndexes } from '../../src/store/mongo.ts';
import { connectTestStores } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from '../import/workbook-fixture.ts';

let data: Data;

beforeAll(async () => {
  ({ data } = await connectTestStores());
});

const withCounty = (county: string | null, row: unknown[]) => [...row, county];

/** Two counties with the same 项目编号, 单位 and 群名称, and the city's own group, unit and people. */
function cityWorkbook(over: { xbName?: string; xcPlan?: number } = {}) {
  return workbookBuffer({
    单位: [
      ['单位名称', '负责人', '县区'],
      ['县自然资源局', 'wangfang', '忻城县'],
      ['县自然资源局', 'xb_wang', '兴宾区'],
      ['市发展改革委', 'city_li', '全市'],
    ],
    人员: [
      ['账号', '姓名', '角色', '县区'],
      ['wangfang', '王芳', '单位负责人', '忻城县'],
      ['zhangwei', '张伟', '项目联系人', '忻城县'],
      ['xb_wang', '王兵', '单位负责人', '兴宾区'],
      ['xb_zhao', '赵六', '项目联系人', '兴宾区'],
      ['city_li', '李市', '市重大办', '全市'],
      ['city_lead', '刘市', '市领导', '全市'],
    ],
    项目库: [
      [...PROJECT_HEADER, '县区'],
      withCounty(
        '忻城县',
        projectRow({ 项目编号: 'P-1', 项目名称: '忻城一号项目', '年度计划投资(万元)': over.xcPlan ?? 200 }),
      ),
      withCounty(
        '兴宾区',
        projectRow({ 项目编号: 'P-1', 项目名称: over.xbName ?? '兴宾一号项目', 项目联系人: 'xb_zhao' }),
      ),
    ],
    群聊: [
      ['群名称', 'Webhook', '推送内容', '关联项目', '县区'],
      ['重大项目调度群', 'key-xc', '通报', '全部', '忻城县'],
      ['重大项目调度群', 'key-xb', '通报', 'P-1', '兴宾区'],
      ['全市重大项目群', 'key-city', '通报、提醒', '全部', '全市'],
    ],
    投资目标: [
      ['领域', '起始年度', '截止年度', '目标(万元)', '县区'],
      ['全部', 2021, 2021, 50000, '忻城县'],
      ['全部', 2021, 2021, 30000, '兴宾区'],
    ],
  });
}

describe('a workbook of two counties and the city', () => {
  it('imports every county, with the same code and names in each', async () => {
    const result = await importWorkbook(data, await cityWorkbook());
    expect(result.errors).toEqual([]);
    const projects = await ProjectModel.find().sort({ code: 1 }).lean();
    // The home county keeps its codes as they were; another county's are stored under its name.
    expect(projects.map((p) => [p.code, p.county, p.name])).toEqual([
      ['P-1', '忻城县', '忻城一号项目'],
      ['兴宾区:P-1', '兴宾区', '兴宾一号项目'],
    ]);
    const units = await UnitModel.find().lean();
    expect(units.map((u) => [u.county, u.name, u.headId]).sort()).toEqual([
      ['全市', '市发展改革委', 'city_li'],
      ['兴宾区', '县自然资源局', 'xb_wang'],
      ['忻城县', '县自然资源局', 'wangfang'],
    ]);
    const groups = await GroupModel.find().lean();
    expect(groups.map((g) => [g.county, g.name, g.projectCodes, g.allProjects]).sort()).toEqual([
      ['全市', '全市重大项目群', [], true],
      ['兴宾区', '重大项目调度群', ['兴宾区:P-1'], false],
      ['忻城县', '重大项目调度群', [], true],
    ]);
    expect(await InvestmentTargetModel.countDocuments()).toBe(2);
    expect((await PersonModel.findOne({ userId: 'city_li' }).lean())?.county).toBe('全市');
  });

  it('re-importing one county changes that county only', async () => {
    const before = await ProjectModel.findOne({ code: 'P-1' }).lean();
    // Only 兴宾区's rows, as its own workbook without 县区, imported with --county.
    const buf = await workbookBuffer({
      项目库: [
        PROJECT_HEADER,
        projectRow({ 项目编号: 'P-1', 项目名称: '兴宾一号项目（改）', 项目联系人: 'xb_zhao' }),
        projectRow({ 项目编号: 'P-2', 项目名称: '兴宾二号项目', 项目联系人: 'xb_zhao' }),
      ],
      单位: [
        ['单位名称', '负责人'],
        ['县自然资源局', 'xb_zhao'],
      ],
    });
    const result = await importWorkbook(data, buf, { county: '兴宾区' });
    expect(result.errors).toEqual([]);
    expect(result.sheets.项目库).toMatchObject({ created: 1, updated: 1 });
    expect(result.sheets.单位).toMatchObject({ updated: 1 });
    const after = await ProjectModel.findOne({ code: 'P-1' }).lean();
    expect(after?.name).toBe('忻城一号项目');
    expect(after?.updatedAt).toEqual(before?.updatedAt);
    expect((await ProjectModel.findOne({ code: '兴宾区:P-1' }).lean())?.name).toBe('兴宾一号项目（改）');
    expect((await ProjectModel.findOne({ code: '兴宾区:P-2' }).lean())?.county).toBe('兴宾区');
    expect((await UnitModel.findOne({ county: '忻城县', name: '县自然资源局' }).lean())?.headId).toBe(
      'wangfang',
    );
    expect((await UnitModel.findOne({ county: '兴宾区', name: '县自然资源局' }).lean())?.headId).toBe(
      'xb_zhao',
    );
  });

  it('re-importing the whole workbook changes nothing', async () => {
    const result = await importWorkbook(data, await cityWorkbook({ xbName: '兴宾一号项目（改）' }));
    expect(result.errors).toEqual([]);
    for (const sheet of ['项目库', '人员', '群聊', '投资目标'])
      expect(result.sheets[sheet]).toMatchObject({ created: 0, updated: 0 });
    // 兴宾区's unit head, changed by its own import above, is the workbook's again; 忻城县's never moved.
    expect(result.sheets.单位).toMatchObject({ created: 0, updated: 1 });
  });

  it('a home-county import without 县区 leaves the other county alone', async () => {
    const buf = await workbookBuffer({
      项目库: [
        PROJECT_HEADER,
        projectRow({ 项目编号: 'P-1', 项目名称: '忻城一号项目', '年度计划投资(万元)': 300 }),
      ],
    });
    const result = await importWorkbook(data, buf);
    expect(result.errors).toEqual([]);
    expect(result.sheets.项目库).toMatchObject({ updated: 1, created: 0 });
    expect((await ProjectModel.findOne({ code: 'P-1' }).lean())?.annualPlan).toBe(3_000_000);
    expect((await ProjectModel.findOne({ code: '兴宾区:P-1' }).lean())?.annualPlan).toBe(2_000_000);
  });

  it("refuses a person who belongs to another county, and a group's project of another county", async () => {
    const buf = await workbookBuffer({
      人员: [
        ['账号', '姓名', '角色'],
        ['zhangwei', '张伟', '项目联系人'],
      ],
      群聊: [
        ['群名称', '关联项目'],
        ['兴宾区交通群', 'P-2'],
      ],
    });
    const result = await importWorkbook(data, buf, { county: '兴宾区' });
    expect(result.errors).toEqual([
      {
        sheet: '人员',
        row: 2,
        column: '县区',
        reason: '「zhangwei」已登记在忻城县，不能再作为兴宾区的账号导入',
      },
    ]);
    expect((await PersonModel.findOne({ userId: 'zhangwei' }).lean())?.county).toBe('忻城县');
    expect(await GroupModel.findOne({ name: '兴宾区交通群' }).lean()).toMatchObject({
      county: '兴宾区',
      projectCodes: ['兴宾区:P-2'],
    });
    const home = await importWorkbook(
      data,
      await workbookBuffer({
        群聊: [
          ['群名称', '关联项目'],
          ['忻城交通群', 'P-2'],
        ],
      }),
    );
    expect(home.errors.map((e) => e.reason)).toEqual(['关联项目「P-2」不在项目库中']);
  });

  it('a store from before counties loses its store-wide unique names at start-up', async () => {
    await UnitModel.deleteMany({});
    await UnitModel.collection.dropIndex('county_1_name_1');
    await UnitModel.collection.createIndex({ name: 1 }, { unique: true, name: 'name_1' });
    await syncIndexes();
    const names = (await UnitModel.collection.indexes()).map((i) => i.name);
    expect(names).toContain('county_1_name_1');
    expect(names).not.toContain('name_1');
    await UnitModel.create({ name: '县发展改革局', county: '兴宾区' });
    await UnitModel.create({ name: '县发展改革局' });
    await expect(UnitModel.create({ name: '县发展改革局' })).rejects.toMatchObject({ code: 11000 });
  });
});
