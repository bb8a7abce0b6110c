/**
 * A second county (兴宾区) and the city's group, people and unit, imported on top of the demo
 * county (忻城县) for the city tests.
 */
import { importWorkbook } from '../../src/import/import-workbook.ts';
import type { E2E } from '../e2e/harness.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from '../import/workbook-fixture.ts';

export const XB_CHAT = 'wrXingbinGroup';
export const XB_KEY = 'xb-key-1';
export const CITY_CHAT = 'wrCityGroup';
export const CITY_KEY = 'city-key-1';

export async function importSecondCounty(h: E2E): Promise<void> {
  h.api.addKey(XB_KEY);
  h.api.addKey(CITY_KEY);
  const buf = await workbookBuffer({
    单位: [
      ['单位名称', '负责人', '县区'],
      ['县自然资源局', 'xb_wang', '兴宾区'],
      ['区重大项目建设办公室', 'xb_office', '兴宾区'],
      ['市重大项目建设办公室', 'city_li', '全市'],
    ],
    人员: [
      ['账号', '姓名', '单位', '角色', '县区'],
      ['xb_wang', '王兵', '县自然资源局', '单位负责人', '兴宾区'],
      ['xb_zhao', '赵六', '', '项目联系人', '兴宾区'],
      ['xb_lead', '韦七', '', '县领导', '兴宾区'],
      ['xb_office', '蒙八', '区重大项目建设办公室', '重大办', '兴宾区'],
      ['city_li', '李市', '市重大项目建设办公室', '市重大办', '全市'],
      ['city_lead', '刘市', '', '市领导', '全市'],
    ],
    项目库: [
      [...PROJECT_HEADER, '别名', '县区'],
      [
        ...projectRow({
          项目编号: 'XB-001',
          项目名称: '凤凰大道改扩建工程',
          简称: '凤凰大道',
          '总投资(万元)': 150000,
          '年度计划投资(万元)': 20000,
          联系县领导: 'xb_lead',
          指挥长: 'xb_lead',
          项目联系人: 'xb_zhao',
          牵头单位: '县自然资源局',
        }),
        '',
        '兴宾区',
      ],
      [
        ...projectRow({
          项目编号: 'XB-002',
          项目名称: '兴宾区茧丝绸产业园二期',
          简称: '兴宾茧丝绸',
          行业领域: '工业',
          '年度计划投资(万元)': 5000,
          联系县领导: 'xb_lead',
          项目联系人: 'xb_zhao',
        }),
        '',
        '兴宾区',
      ],
    ],
    群聊: [
      ['群名称', '群ID', 'Webhook', '推送内容', '关联项目', '县区'],
      ['兴宾区重大项目调度群', XB_CHAT, XB_KEY, '日报、周报、月报、通报、提醒', '全部', '兴宾区'],
      ['来宾市重大项目调度群', CITY_CHAT, CITY_KEY, '通报、提醒', '全部', '全市'],
    ],
  });
  const r = await importWorkbook(h.runtime.data, buf, { actor: 'e2e' });
  if (r.errors.length) throw new Error(`second county import failed: ${JSON.stringify(r.errors)}`);
}
