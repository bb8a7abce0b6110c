/**
 * A problem is found by its number through the _id index: new problems carry an `_id` made from
 * the number; problems stored before that (random ids) are still found. A guarded change refuses
 * once its guard no longer holds, and changes of one problem at once apply one after another.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProblemModel } from '../../models/problem.model.ts';
import type { Data, NewProblem } from '../../src/data/index.ts';
import { problemObjectId } from '../../src/data/problems.ts';
import { connectTestStores } from '../helpers/services.ts';

let data: Data;
beforeAll(async () => {
  ({ data } = await connectTestStores());
});
const createProblem = (p: NewProblem) => data.problems.create(p, new Date());
const findProblemByNo = (no: number) => data.problems.byNo(no);
const change: Data['problems']['change'] = (...args) => data.problems.change(...args);

const base = {
  kind: 'problem' as const,
  projectCode: 'XC-2021-001',
  category: '用地' as const,
  description: '取土场用地未批',
  tier: 1 as const,
  raisedBy: 'zhangwei',
};

describe('problem lookup by number', () => {
  it('finds new problems by an _id made from the number, and older problems by number', async () => {
    const p = await createProblem(base);
    expect(String(p._id)).toBe(String(problemObjectId(p.no)));
    expect((await findProblemByNo(p.no))?.description).toBe('取土场用地未批');

    await ProblemModel.create({ ...base, _id: new Types.ObjectId(), no: 9001, description: '旧问题' });
    expect((await findProblemByNo(9001))?.description).toBe('旧问题');
    expect(await findProblemByNo(9002)).toBeNull();
  });

  it('applies a guarded change once, and refuses it when the guard no longer holds', async () => {
    const p = await createProblem(base);
    const entry = (by: string) => ({ at: new Date(), by, action: 'resolve' as const });
    const results = await Promise.all(
      ['a', 'b', 'c'].map((by) =>
        change(p.no, { status: 'open' }, { status: 'resolved', resolutionNote: by }, entry(by)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await findProblemByNo(p.no);
    expect(stored?.history.filter((h) => h.action === 'resolve')).toHaveLength(1);
    expect(await change(p.no, { status: 'open' }, { tier: 2 }, entry('d'))).toBeNull();
    expect(await change(999_999, { status: 'open' }, { tier: 2 }, entry('e'))).toBeNull();
  });
});
