/**
 * An import and what chat did to a project's approval items (审批 / 批复): the later change wins,
 * and done stays done (src/domain/approvals.ts mergeWorkbookApprovals). Chat's changes go through the
 * approval service the 审批 and 批复 commands call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectModel } from '../../models/project.model.ts';
import type { Data } from '../../src/data/index.ts';
import { importWorkbook } from '../../src/import/import-workbook.ts';
import { type ApprovalService, createApprovalService } from '../../src/services/approvals.ts';
import { connectTestStores } from '../helpers/services.ts';
import { PROJECT_HEADER, projectRow, workbookBuffer } from './workbook-fixture.ts';

let data: Data;
let approvals: ApprovalService;

beforeAll(async () => {
  ({ data } = await connectTestStores());
  approvals = createApprovalService({ data, now: () => new Date('2021-09-01T10:00:00+08:00') });
});

const workbook = (items: string) =>
  workbookBuffer({ 项目库: [PROJECT_HEADER, projectRow({ 审批事项: items })] });
const items = async () =>
  ((await ProjectModel.findOne({ code: 'T-001' }).lean())?.approvals ?? []).map((a) => ({
    name: a.name,
    deadline: a.deadline,
    ...(a.doneAt ? { doneAt: a.doneAt } : {}),
  }));
const chat = { by: 'zhangwei', today: '2021-09-01' };

describe('an import keeps what chat did to the approval items', () => {
  it('re-importing the same workbook after 审批 and 批复 changes nothing', async () => {
    const first = await importWorkbook(
      data,
      await workbook('A:2021-09-30;B:2021-10-31;C:2021-11-30;F:2021-11-30'),
    );
    expect(first.errors).toEqual([]);
    await approvals.done({ ...chat, projectCode: 'T-001', name: 'A', date: '2021-08-28', sourceMsgId: 'm1' });
    await approvals.done({ ...chat, projectCode: 'T-001', name: 'C', date: '2021-09-01', sourceMsgId: 'm2' });
    await approvals.set({
      ...chat,
      projectCode: 'T-001',
      name: 'B',
      deadline: '2021-12-15',
      sourceMsgId: 'm3',
    });
    await approvals.set({
      ...chat,
      projectCode: 'T-001',
      name: 'D',
      deadline: '2021-12-31',
      sourceMsgId: 'm4',
    });
    const again = await importWorkbook(
      data,
      await workbook('A:2021-09-30;B:2021-10-31;C:2021-11-30;F:2021-11-30'),
    );
    expect(again.updated).toBe(0);
    expect(await items()).toEqual([
      { name: 'A', deadline: '2021-09-30', doneAt: '2021-08-28' },
      { name: 'B', deadline: '2021-12-15' },
      { name: 'C', deadline: '2021-11-30', doneAt: '2021-09-01' },
      { name: 'F', deadline: '2021-11-30' },
      { name: 'D', deadline: '2021-12-31' },
    ]);
  });

  it('a workbook edit wins over an earlier chat move, never reopens a done item, and drops only undone items it no longer lists', async () => {
    // A's deadline changes (done: stays done), B's changes (moved in chat before: the edit wins),
    // C (done) and F leave the workbook, E is new; D was added in chat.
    const r = await importWorkbook(data, await workbook('A:2021-10-15;B:2021-11-20;E:2021-12-01'));
    expect(r.updated).toBe(1);
    expect(await items()).toEqual([
      { name: 'A', deadline: '2021-10-15', doneAt: '2021-08-28' },
      { name: 'B', deadline: '2021-11-20' },
      { name: 'E', deadline: '2021-12-01' },
      { name: 'C', deadline: '2021-11-30', doneAt: '2021-09-01' },
      { name: 'D', deadline: '2021-12-31' },
    ]);
    // The import's audit entry holds the items before and after.
    const audit = (await data.audit.of('Project', 'T-001', 'update')).at(-1)!;
    expect(audit.fields).toEqual(['approvals']);
    expect(JSON.stringify(audit.before)).toContain('"name":"F"');
    expect(JSON.stringify(audit.after)).not.toContain('"name":"F"');
  });

  it('chat changes are audited with the item before and after', async () => {
    const trail = await data.audit.trail('m3');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      entity: 'Project',
      entityId: 'T-001',
      action: 'approval:deadline',
      actor: 'zhangwei',
      via: 'chat',
      before: { name: 'B', deadline: '2021-10-31', importedDeadline: '2021-10-31' },
      after: { name: 'B', deadline: '2021-12-15', importedDeadline: '2021-10-31' },
    });
    expect((await data.audit.trail('m1'))[0]).toMatchObject({
      action: 'approval:done',
      before: { name: 'A', deadline: '2021-09-30' },
      after: { name: 'A', deadline: '2021-09-30', doneAt: '2021-08-28' },
    });
  });

  it('two 批复 of one project at once both stay (one conditional update each, retried)', async () => {
    await Promise.all(
      ['B', 'D', 'E'].map((name, i) =>
        approvals.done({ ...chat, projectCode: 'T-001', name, date: '2021-09-01', sourceMsgId: `c${i}` }),
      ),
    );
    const done = (await items()).filter((a) => a.doneAt).map((a) => a.name);
    expect(done.sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});
