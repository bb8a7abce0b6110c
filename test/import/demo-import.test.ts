import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { GroupModel } from '../../models/group.model.ts';
import { HolidayModel } from '../../models/holiday.model.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import type { Data } from '../../src/data/index.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { connectTestStores } from '../helpers/services.ts';

const DEMO = 'demo/xincheng-demo.xlsx';

/** Data rows per sheet of the demo workbook, counted with exceljs directly. */
async function rowsPerSheet(): Promise<Record<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(DEMO);
  const out: Record<string, number> = {};
  for (const ws of wb.worksheets) out[ws.name] = ws.actualRowCount - 1;
  return out;
}

let data: Data;

beforeAll(async () => {
  ({ data } = await connectTestStores());
});

describe('importing the demo county', () => {
  it('loads every row of every sheet', async () => {
    const expected = await rowsPerSheet();
    const lines: string[] = [];
    const result = await importWorkbook(data, DEMO, { actor: 'huangmin', progress: (l) => lines.push(l) });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.missingSheets).toEqual([]);
    for (const sheet of ['项目库', '单位', '人员', '群聊', '投资目标', '节假日']) {
      expect(result.sheets[sheet]).toMatchObject({
        present: true,
        created: expected[sheet],
        updated: 0,
        errors: 0,
      });
    }
    expect(await ProjectModel.countDocuments()).toBe(expected.项目库);
    expect(await UnitModel.countDocuments()).toBe(expected.单位);
    expect(await PersonModel.countDocuments()).toBe(expected.人员);
    expect(await GroupModel.countDocuments()).toBe(expected.群聊);
    expect(await InvestmentTargetModel.countDocuments()).toBe(expected.投资目标);
    expect(await HolidayModel.countDocuments()).toBe(expected.节假日);
    expect(lines.some((l) => l.startsWith('项目库（'))).toBe(true);

    const heba = await ProjectModel.findOne({ shortName: '贺巴高速' }).lean();
    expect(heba).toMatchObject({
      code: 'XC-2021-005',
      name: '贺巴高速公路(忻城段)',
      sector: '交通',
      specialCategories: ['五网'],
      level: '自治区层面',
      aliases: ['贺巴'],
      sampleData: true,
      contactIds: ['zhangwei'],
      approvals: [
        { name: '用地报批', deadline: '2021-09-30' },
        { name: '林地使用许可', deadline: '2021-10-31' },
      ],
    });
    expect(Number.isInteger(heba?.totalInvestment)).toBe(true);
    const jintai = await ProjectModel.findOne({ shortName: '金泰医疗' }).lean();
    expect(jintai).toMatchObject({ agreedInvestment: 1_200_000_000, fundsInPlace: 300_000_000 });

    const all = await InvestmentTargetModel.findOne({ domain: '全部', fromYear: 2021, toYear: 2023 }).lean();
    expect(all?.target).toBe(14_000_000_000);
    const wuwang = await InvestmentTargetModel.findOne({
      domain: '五网',
      fromYear: 2021,
      toYear: 2023,
    }).lean();
    expect(wuwang?.target).toBe(4_000_000_000);

    const main = await GroupModel.findOne({ name: '县重大项目调度群' }).lean();
    expect(main).toMatchObject({ webhookKey: 'demo-key-1', allProjects: true, projectCodes: [] });
    expect(main?.subscriptions).toEqual(['日报', '周报', '月报', '通报', '提醒']);
    expect(main?.chatId).toBeUndefined();
    const traffic = await GroupModel.findOne({ name: '交通项目专班群' }).lean();
    expect(traffic?.webhookKey).toBe('demo-key-2');
    expect(traffic?.projectCodes.length).toBeGreaterThan(0);

    const admin = await PersonModel.findOne({ roles: '重大办' }).lean();
    expect(admin?.userId).toBe('huangmin');
    expect(await AuditLogModel.countDocuments({ via: 'import', action: 'create' })).toBe(
      Object.values(expected).reduce((a, b) => a + b, 0) - (expected.说明 ?? 0),
    );
  });

  it('changes nothing when the same workbook is imported again', async () => {
    const auditsBefore = await AuditLogModel.countDocuments();
    const before = await ProjectModel.findOne({ code: 'XC-2021-001' }).lean();
    const result = await importWorkbook(data, readFileSync(DEMO));
    expect(result.created).toBe(0);
    expect(result.updated).toBe(0);
    expect(result.errors).toEqual([]);
    for (const counts of Object.values(result.sheets)) {
      expect(counts.unchanged).toBe(counts.rows);
    }
    expect(await AuditLogModel.countDocuments()).toBe(auditsBefore);
    const after = await ProjectModel.findOne({ code: 'XC-2021-001' }).lean();
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });

  it('updates exactly the changed project and audits before and after', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(DEMO);
    const ws = wb.getWorksheet('项目库')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const annualCol = header.indexOf('年度计划投资(万元)');
    const row = ws.getRow(6); // XC-2021-005, 贺巴高速
    expect(row.getCell(1).value).toBe('XC-2021-005');
    row.getCell(annualCol).value = '250,000';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());

    // The bot's own library: the import tells it directly, whatever its check interval.
    const library = data.library;
    expect((await library.project('XC-2021-005'))?.annualPlan).toBe(2_000_000_000);

    const result = await importWorkbook(data, buf, { actor: 'huangmin' });
    expect(result.updated).toBe(1);
    expect(result.created).toBe(0);
    expect(result.sheets.项目库).toMatchObject({ updated: 1, unchanged: result.sheets.项目库!.rows - 1 });
    const entry = await AuditLogModel.findOne({ entity: 'Project', action: 'update' }).lean();
    expect(entry).toMatchObject({
      entityId: 'XC-2021-005',
      fields: ['annualPlan'],
      before: { annualPlan: 2_000_000_000 },
      after: { annualPlan: 2_500_000_000 },
      actor: 'huangmin',
      via: 'import',
    });
    expect((await ProjectModel.findOne({ code: 'XC-2021-005' }).lean())?.annualPlan).toBe(2_500_000_000);
    // The import told the in-process library, which reloads at once.
    expect((await library.project('XC-2021-005'))?.annualPlan).toBe(2_500_000_000);
  });

  it('keeps what chat learned: a group id and an approval marked done', async () => {
    await GroupModel.updateOne({ name: '县重大项目调度群' }, { $set: { chatId: 'wrkSFfCgAAxxxx' } });
    await ProjectModel.updateOne(
      { code: 'XC-2021-005', 'approvals.name': '用地报批' },
      {
        $set: {
          approvals: [
            { name: '用地报批', deadline: '2021-09-30', doneAt: '2021-09-01' },
            { name: '林地使用许可', deadline: '2021-10-31' },
          ],
        },
      },
    );
    const result = await importWorkbook(data, DEMO);
    // Only the annual plan changed back; the chat-learned state stays.
    expect(result.updated).toBe(1);
    expect((await GroupModel.findOne({ name: '县重大项目调度群' }).lean())?.chatId).toBe('wrkSFfCgAAxxxx');
    const heba = await ProjectModel.findOne({ code: 'XC-2021-005' }).lean();
    expect(heba?.approvals[0]).toMatchObject({ name: '用地报批', doneAt: '2021-09-01' });
    expect(heba?.annualPlan).toBe(2_000_000_000);
  });
});
