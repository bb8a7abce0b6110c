/** The city demo (demo/laibin-city-demo.xlsx) on top of the county demo: a second county and the city. */
import { beforeAll, describe, expect, it } from 'vitest';
import { GroupModel } from '../../models/group.model.ts';
import type { Data } from '../../src/data/index.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { computeCityBulletin } from '../../src/jobs/bulletin-data.ts';
import { connectTestStores } from '../helpers/services.ts';

let data: Data;
beforeAll(async () => {
  ({ data } = await connectTestStores());
});

describe('the city demo', () => {
  it('imports after the county demo without an error and gives a city view', async () => {
    const county = await importWorkbook(data, 'demo/xincheng-demo.xlsx');
    const city = await importWorkbook(data, 'demo/laibin-city-demo.xlsx');
    expect(county.errors).toEqual([]);
    expect(city.errors).toEqual([]);
    expect(city.warnings).toEqual([]);
    expect(await data.library.counties()).toEqual(['忻城县', '兴宾区']);
    expect((await GroupModel.findOne({ name: '来宾市重大项目调度群' }).lean())?.county).toBe('全市');
    const bulletin = await computeCityBulletin(
      data,
      { RAG_YELLOW_GAP: 10, RAG_RED_GAP: 20 },
      '2021-07',
      '2021-08-05',
    );
    expect(bulletin.counties.map((c) => [c.county, c.projects])).toEqual([
      ['忻城县', 32],
      ['兴宾区', 4],
    ]);
    // 兴宾区's annual plan is its 全部 target for 2021.
    expect(bulletin.counties[1]?.annualPlan).toBe(450_000_000);
    // Imported again: nothing changes.
    const again = await importWorkbook(data, 'demo/laibin-city-demo.xlsx');
    expect(again.created + again.updated).toBe(0);
  });
});
