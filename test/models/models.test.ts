import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogModel } from '../../models/audit-log.model.ts';
import { EvidenceModel } from '../../models/evidence.model.ts';
import { InvestmentTargetModel } from '../../models/investment-target.model.ts';
import { PersonModel } from '../../models/person.model.ts';
import { ProblemModel } from '../../models/problem.model.ts';
import { ProgressReportModel } from '../../models/progress-report.model.ts';
import { ProjectModel } from '../../models/project.model.ts';
import { StatusEventModel } from '../../models/status-event.model.ts';
import { UnitModel } from '../../models/unit.model.ts';
import type { Data, NewProblem } from '../../src/data/index.ts';
import { connectTestStores } from '../helpers/services.ts';

let data: Data;
beforeAll(async () => {
  ({ data } = await connectTestStores());
});
const createProblem = (p: NewProblem) => data.problems.create(p, new Date());
/** Applies `set` and appends a history entry to an open or closed problem alike. */
const appendProblemHistory = async (
  no: number,
  entry: { by: string; action: string; from?: unknown; to?: unknown; note?: string; sourceMsgId?: string },
  set: Record<string, unknown> = {},
) => data.problems.change(no, {}, set, { at: new Date(), ...entry });

const project = {
  code: 'XC-2021-001',
  name: '贺巴高速公路(忻城段)',
  shortName: '贺巴高速',
  sector: '交通',
  specialCategories: ['五网'],
  level: '自治区层面',
  status: '续建',
  totalInvestment: 3_200_000_000,
  annualPlan: 600_000_000,
  plannedStart: '2020-12',
  plannedEnd: '2024-06-30',
  leaderIds: ['liqiang'],
  contactIds: ['zhangwei'],
  approvals: [{ name: '用地报批', deadline: '2021-09-30' }],
};

describe('models on FerretDB', () => {
  it('round-trips a project and refuses a second one with the same code', async () => {
    await ProjectModel.create(project);
    const back = await ProjectModel.findOne({ code: 'XC-2021-001' }).lean();
    expect(back).toMatchObject({ ...project, aliases: [], sampleData: false });
    expect(back?.createdAt).toBeInstanceOf(Date);
    await expect(ProjectModel.create({ ...project, name: '另一个' })).rejects.toMatchObject({ code: 11000 });
  });

  it('rejects values outside the vocabularies', async () => {
    await expect(ProjectModel.create({ ...project, code: 'X-2', sector: '工业园' })).rejects.toThrow(
      /sector/,
    );
    await expect(PersonModel.create({ userId: 'a', name: 'A', roles: ['厨师'] })).rejects.toThrow(/roles/);
    await expect(ProjectModel.create({ ...project, code: 'X-3', plannedEnd: '2024/6/30' })).rejects.toThrow(
      /plannedEnd/,
    );
  });

  it('keeps units, people and targets unique on their keys', async () => {
    await UnitModel.create({ name: '县交通运输局', headId: 'wangfang' });
    await expect(UnitModel.create({ name: '县交通运输局' })).rejects.toMatchObject({ code: 11000 });
    await PersonModel.create({ userId: 'zhangwei', name: '张伟', roles: ['项目联系人'] });
    await expect(PersonModel.create({ userId: 'zhangwei', name: '张伟2' })).rejects.toMatchObject({
      code: 11000,
    });
    const t = { domain: '工业', fromYear: 2021, toYear: 2023, target: 3_500_000_000 };
    await InvestmentTargetModel.create(t);
    await InvestmentTargetModel.create({ ...t, toYear: 2021, target: 1 });
    await expect(InvestmentTargetModel.create(t)).rejects.toMatchObject({ code: 11000 });
  });

  it('allocates 50 distinct consecutive problem numbers under 50 concurrent creates', async () => {
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createProblem({
          kind: 'problem',
          projectCode: 'XC-2021-001',
          category: '征地拆迁',
          description: `问题${i}`,
          tier: 1,
          raisedBy: 'zhangwei',
        }),
      ),
    );
    const numbers = created.map((p) => p.no).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await data.sequences.current('problem')).toBe(50);
    expect(await ProblemModel.countDocuments()).toBe(50);
  });

  it('counts separate sequences independently and starts each at 1', async () => {
    expect(await data.sequences.next('other')).toBe(1);
    expect(await data.sequences.next('other')).toBe(2);
  });

  it('appends history with $push and applies the change in the same update', async () => {
    const p = await createProblem({
      kind: 'task',
      category: '用地',
      description: '用地报批材料报市局',
      tier: 1,
      unitName: '县自然资源局',
      deadline: '2021-08-20',
      raisedBy: 'admin',
      sourceMsgId: 'm1',
    });
    await appendProblemHistory(
      p.no,
      { by: 'liqiang', action: 'escalate', from: 1, to: 2, note: '涉及多个部门', sourceMsgId: 'm2' },
      { tier: 2 },
    );
    const done = await appendProblemHistory(
      p.no,
      { by: 'wangfang', action: 'resolve', note: '已报送' },
      { status: 'resolved', resolvedAt: new Date(), resolutionNote: '已报送' },
    );
    expect(done?.tier).toBe(2);
    expect(done?.status).toBe('resolved');
    expect(done?.history.map((h) => h.action)).toEqual(['raise', 'escalate', 'resolve']);
    expect(done?.history[1]).toMatchObject({ by: 'liqiang', from: 1, to: 2, sourceMsgId: 'm2' });
    expect(await appendProblemHistory(99_999, { by: 'x', action: 'resolve' })).toBeNull();
    const overdue = await ProblemModel.find({ status: 'open', deadline: { $lt: '2021-09-01' } }).lean();
    expect(overdue.every((o) => o.status === 'open')).toBe(true);
  });

  it('stores reports, status events, evidence and audit entries', async () => {
    const input = {
      projectCode: 'XC-2021-001',
      month: '2021-07',
      monthAmount: 12_000_000,
      ytdAmount: 320_000_000,
      progressText: '路基完成60%',
      progressPct: 60,
      reporterId: 'zhangwei',
      at: new Date('2021-07-25T02:00:00Z'),
      sourceMsgId: 'msg-1',
    };
    const { report: first } = await data.figures.submit(input);
    await data.figures.addEvidence(first.id, {
      sha256: 'a'.repeat(64),
      mime: 'image/jpeg',
      bytes: 1000,
      storedAt: 'ev/a.jpg',
      reused: false,
    });
    const { report: second, replaced } = await data.figures.submit({
      ...input,
      monthAmount: 13_000_000,
      sourceMsgId: 'msg-2',
      at: new Date('2021-07-26T02:00:00Z'),
    });
    expect(replaced?.reportId).toBe(first.id);
    expect(await ProgressReportModel.countDocuments({ projectCode: 'XC-2021-001', month: '2021-07' })).toBe(
      2,
    );
    const current = (await data.figures.ofProject('XC-2021-001')).filter((r) => r.month === '2021-07');
    expect(current.map((r) => r.reportId)).toEqual([second.id]);
    expect(second.supersedes).toBe(first.id);
    expect((await data.figures.report(first.id))?.evidence[0]?.reused).toBe(false);
    const states = Object.fromEntries(
      (await data.figures.history('XC-2021-001')).map((r) => [r.id, r.state]),
    );
    expect(states).toEqual({ [first.id]: 'superseded', [second.id]: 'current' });

    await StatusEventModel.create({
      projectCode: 'XC-2021-001',
      kind: '开工',
      date: '2021-08-01',
      reporterId: 'zhangwei',
    });
    expect(await StatusEventModel.countDocuments({ date: '2021-08-01', state: 'current' })).toBe(1);

    const ev = {
      projectCode: 'XC-2021-001',
      sha256: 'a'.repeat(64),
      mime: 'image/jpeg',
      bytes: 1,
      storedAt: 'x',
    };
    await EvidenceModel.create(ev);
    await expect(EvidenceModel.create(ev)).rejects.toMatchObject({ code: 11000 });
    await EvidenceModel.create({ ...ev, projectCode: 'XC-2021-002' });

    await data.audit.write([
      {
        entity: 'ProgressReport',
        entityId: second.id,
        action: 'update',
        fields: ['monthAmount'],
        before: { monthAmount: 12_000_000 },
        after: { monthAmount: 13_000_000 },
        actor: 'zhangwei',
        via: 'chat',
        sourceMsgId: 'msg-2',
      },
    ]);
    const audit = await AuditLogModel.findOne({ entity: 'ProgressReport' }).lean();
    expect(audit).toMatchObject({ before: { monthAmount: 12_000_000 }, via: 'chat' });
    expect(audit?.at).toBeInstanceOf(Date);
  });
});
