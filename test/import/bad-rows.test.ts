import { beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import type { Data } from '../../src/data/index.ts';
import { type ImportError, importWorkbook } from '../../src/import/import-workbook.ts';
import { formatSummary } from '../../src/import/summary.ts';
import { connectTestStores } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from './workbook-fixture.ts';

let data: Data;

beforeAll(async () => {
  ({ data } = await connectTestStores());
});

function errorAt(errors: ImportError[], sheet: string, row: number, column: string): ImportError | undefined {
  return errors.find((e) => e.sheet === sheet && e.row === row && e.column === column);
}

describe('a workbook with bad rows', () => {
  it('reports each bad cell with sheet, row, column and reason while the good rows load', async () => {
    const buf = await workbookBuffer({
      项目库: [
        PROJECT_HEADER,
        projectRow({ 项目编号: 'G-1', '总投资(万元)': '1,234.5' }), // row 2: good
        projectRow({ 项目编号: 'B-1', 行业领域: '工业园' }), // row 3
        projectRow({ 项目编号: 'B-2', 计划开工: '2021-13-01' }), // row 4
        projectRow({ 项目编号: null }), // row 5
        projectRow({ 项目编号: 'G-2', 计划开工: '2021年8月1日', 审批事项: '用地报批:2021/9/30' }), // row 6: good
        projectRow({ 项目编号: 'G-1' }), // row 7: duplicate of row 2
        projectRow({ 项目编号: 'B-3', 统筹层级: '乡级', 项目状态: '在建' }), // row 8: two bad cells
      ],
      人员: [
        ['账号', '姓名', '单位', '角色', '手机'],
        ['zhangwei', '张伟', '县交通运输局', '项目联系人', 13800000007],
        ['nobody', '某人', '', '项目联系人、厨师', ''],
      ],
      群聊: [
        ['群名称', '群ID', 'Webhook', '推送内容', '关联项目'],
        [
          '好群',
          '',
          'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234',
          '日报、周报',
          'G-1、G-2',
        ],
        ['坏群', '', 'https://example.com/not-a-robot', '日报', '全部'],
        ['错项目群', '', 'abcd-5678', '日报', 'G-1、XC-9'],
      ],
      投资目标: [['领域', '起始年度', '截止年度']],
    });

    const result = await importWorkbook(data, buf);
    const { errors } = result;

    expect(errorAt(errors, '项目库', 3, '行业领域')?.reason).toBe(
      '行业领域「工业园」不在可选值中（工业、交通、能源、水利、新型基础设施、新型城镇化、农业农村、现代服务业、生态环保、社会民生）',
    );
    expect(errorAt(errors, '项目库', 4, '计划开工')?.reason).toMatch(/计划开工「2021-13-01」/);
    expect(errorAt(errors, '项目库', 5, '项目编号')?.reason).toBe('项目编号不能为空');
    expect(errorAt(errors, '项目库', 7, '项目编号')?.reason).toMatch(/与第2行重复/);
    expect(errorAt(errors, '项目库', 8, '统筹层级')).toBeDefined();
    expect(errorAt(errors, '项目库', 8, '项目状态')).toBeDefined();
    expect(errorAt(errors, '人员', 3, '角色')?.reason).toMatch(/角色「厨师」不在可选值中/);
    expect(errorAt(errors, '群聊', 3, 'Webhook')?.reason).toMatch(/不是机器人 Webhook/);
    expect(errorAt(errors, '群聊', 4, '关联项目')?.reason).toBe('关联项目「XC-9」不在项目库中');
    expect(errorAt(errors, '投资目标', 1, '目标(万元)')?.reason).toMatch(/缺少必需的列/);
    expect(result.sheets.项目库).toMatchObject({ created: 2, errors: 5 });
    expect(result.sheets.投资目标).toMatchObject({ created: 0, errors: 1 });
    expect(result.missingSheets).toEqual(['单位']);

    expect((await ProjectModel.find().sort({ code: 1 }).lean()).map((p) => p.code)).toEqual(['G-1', 'G-2']);
    const g2 = await ProjectModel.findOne({ code: 'G-2' }).lean();
    expect(g2).toMatchObject({
      plannedStart: '2021-08-01',
      approvals: [{ name: '用地报批', deadline: '2021-09-30' }],
    });
    expect((await ProjectModel.findOne({ code: 'G-1' }).lean())?.totalInvestment).toBe(12_345_000);
    expect((await PersonModel.findOne({ userId: 'zhangwei' }).lean())?.mobile).toBe('13800000007');
    expect(await PersonModel.countDocuments({ userId: 'nobody' })).toBe(0);
    expect(await GroupModel.findOne({ name: '好群' }).lean()).toMatchObject({
      webhookKey: 'abcd-1234',
      projectCodes: ['G-1', 'G-2'],
      allProjects: false,
    });
    expect(await GroupModel.countDocuments({ name: { $in: ['坏群', '错项目群'] } })).toBe(0);

    // Userids not in 人员 load, with a warning per cell.
    expect(result.warnings).toContainEqual({
      sheet: '项目库',
      row: 2,
      column: '联系县领导',
      reason: '账号「liqiang」不在人员表中',
    });
    expect(result.warnings.some((w) => w.column === '项目联系人')).toBe(false);

    const text = formatSummary(result).join('\n');
    expect(text).toContain('项目库 第2行 指挥长: 账号「chenjun」不在人员表中');
    expect(text).toContain('项目库 第3行 行业领域: 行业领域「工业园」不在可选值中');
    expect(text).toMatch(/项目库: 新增 2 · 更新 0 · 未变 0 · 错误 5/);
  });

  it('names a group learned from a callback instead of adding a second one', async () => {
    await GroupModel.create({ name: '群聊 wrkLearned', chatId: 'wrkLearned', webhookKey: 'learned-key' });
    const buf = await workbookBuffer({
      群聊: [
        ['群名称', '群ID', 'Webhook', '推送内容', '关联项目'],
        ['县重大项目调度群', 'wrkLearned', '', '日报', '全部'],
      ],
    });
    const result = await importWorkbook(data, buf);
    expect(result.errors).toEqual([]);
    expect(result.sheets.群聊).toMatchObject({ created: 0, updated: 1 });
    const g = await GroupModel.findOne({ chatId: 'wrkLearned' }).lean();
    expect(g).toMatchObject({ name: '县重大项目调度群', webhookKey: 'learned-key', allProjects: true });
  });

  it('says so when the file is not a workbook or has none of the sheets', async () => {
    await expect(importWorkbook(data, Buffer.from('not a zip'))).rejects.toMatchObject({
      code: 'import_invalid',
    });
    const other = await workbookBuffer({ Sheet1: [['a'], [1]] });
    const result = await importWorkbook(data, other);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.reason).toMatch(/没有可导入的工作表/);
  });
});
