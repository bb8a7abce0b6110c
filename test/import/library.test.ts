import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { PersonModel } from '../../models/person.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import type { Data } from '../../src/data/index.ts';
import { LIBRARY_VERSION_KEY, createLibrary as libraryOf } from '../../src/data/library.ts';
import { createSequences } from '../../src/data/sequences.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { connectMongo, disconnectMongo } from '../../src/store/mongo.ts';
import { connectTestStores, type TestServices, testServices } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from './workbook-fixture.ts';

let svc: TestServices;
let data: Data;
const sequences = createSequences();
const createLibrary = (opts: Omit<Parameters<typeof libraryOf>[0], 'sequences'> = {}) =>
  libraryOf({ sequences, checkEveryMs: 3000, ...opts });

beforeAll(async () => {
  ({ svc, data } = await connectTestStores());
  await importWorkbook(data, 'demo/xincheng-demo.xlsx');
});

describe('the library cache', () => {
  it('serves projects, the name index, units and people from one load', async () => {
    const lib = createLibrary();
    const projects = await lib.projects();
    expect(projects).toHaveLength(32);
    const index = await lib.projectIndex();
    expect(index.find((p) => p.code === 'XC-2021-005')).toEqual({
      code: 'XC-2021-005',
      name: '贺巴高速公路(忻城段)',
      shortName: '贺巴高速',
      aliases: ['贺巴'],
    });
    expect((await lib.unitIndex()).find((u) => u.name === '县自然资源局')?.headId).toBe('wangfang');
    expect((await lib.person('zhangwei'))?.roles).toEqual(['项目联系人']);
    expect(await lib.person('nobody')).toBeNull();
    const mine = await lib.projectsOfContact('zhangwei');
    expect(mine.map((p) => p.shortName)).toEqual(['贺巴高速', '武忻高速', '贺百高铁', '河贵高铁']);
    expect((await lib.projectsOfContact('liqiang')).length).toBeGreaterThan(4);

    // Loaded once: a direct write is not seen until invalidated.
    await PersonModel.updateOne({ userId: 'zhangwei' }, { $set: { name: '张伟伟' } });
    expect((await lib.person('zhangwei'))?.name).toBe('张伟');
    lib.invalidate();
    expect((await lib.person('zhangwei'))?.name).toBe('张伟伟');
  });

  it('gives the same name index to every message until the library changes, so the parser builds its indexes once', async () => {
    const lib = createLibrary();
    const first = await lib.projectIndex();
    const units = await lib.unitIndex();
    // The parser keys its prefix, pinyin and mention indexes by these arrays: a fresh array per
    // message meant rebuilding them for every message (most of the bot's CPU at 3,000 projects).
    expect(await lib.projectIndex()).toBe(first);
    expect(await lib.unitIndex()).toBe(units);
    lib.invalidate();
    const after = await lib.projectIndex();
    expect(after).not.toBe(first);
    expect(after).toEqual(first);
  });

  it("notices another process's import through the version stamp", async () => {
    let t = 1_000_000;
    const lib = createLibrary({ checkEveryMs: 3000, now: () => t });
    expect(await lib.project('NEW-1')).toBeNull();
    // An import elsewhere: nothing tells this instance directly.
    const buf = await workbookBuffer({ 项目库: [PROJECT_HEADER, projectRow({ 项目编号: 'NEW-1' })] });
    await importWorkbook(data, buf);
    expect(await ProjectModel.countDocuments({ code: 'NEW-1' })).toBe(1);
    t += 1000;
    expect(await lib.project('NEW-1')).toBeNull(); // within the check interval
    t += 3000;
    expect((await lib.project('NEW-1'))?.name).toBe('测试项目');
  });

  it('does not reuse a copy read from another database, even at the same version', async () => {
    const lib = createLibrary({ checkEveryMs: 0 });
    expect(await lib.projects()).not.toHaveLength(0);
    const first = svc.mongoUri;
    const version = await sequences.current(LIBRARY_VERSION_KEY);
    const other = testServices();
    await disconnectMongo();
    await connectMongo(other.mongoUri);
    try {
      // The other database is at the same library version as the first one was when read.
      await ProjectModel.collection.insertOne({ code: 'ONLY-HERE', name: '另一个库的项目' });
      while ((await sequences.current(LIBRARY_VERSION_KEY)) < version)
        await sequences.next(LIBRARY_VERSION_KEY);
      expect((await lib.projects()).map((p) => p.code)).toEqual(['ONLY-HERE']);
    } finally {
      await mongoose.connection.dropDatabase();
      await disconnectMongo();
      await connectMongo(first);
    }
  });

  it('shares one load between concurrent callers', async () => {
    const lib = createLibrary();
    const [a, b] = await Promise.all([lib.projects(), lib.projects()]);
    expect(a).toBe(b);
  });
});

describe('library tables', () => {
  it('writes several updates in one command and refuses, one by one, those the schema would refuse', async () => {
    const table = data.table('Project');
    const [a, b, c] = (await table.all()).slice(0, 3) as Array<{ _id: unknown; totalInvestment: number }>;
    const outcomes = await table.updateMany([
      { id: a!._id, set: { totalInvestment: a!.totalInvestment + 1 }, unset: [] },
      { id: b!._id, set: { sector: '不是一个领域' }, unset: [] },
      { id: c!._id, set: {}, unset: ['name'] },
    ]);
    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]?.message).toMatch(/sector/);
    expect(outcomes[2]?.message).toMatch(/name/);
    const after = new Map((await table.all()).map((d) => [String(d._id), d]));
    expect(after.get(String(a!._id))?.totalInvestment).toBe(a!.totalInvestment + 1);
    expect(after.get(String(b!._id))?.sector).not.toBe('不是一个领域');
    expect(after.get(String(c!._id))?.name).toBeTruthy();
  });
});
