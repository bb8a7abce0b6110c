/**
 * The embedded FerretDB is built with a patch (tools/ferretdb/overlay) that narrows a query in SQL by
 * its top-level equality conditions on strings and ObjectIds: upstream narrows only a filter that is
 * {_id} alone and reads and decodes the whole table for {_id, v}, {_id: {$in}} or {status: 'open'}.
 * Narrowing must never change a result: these filters must answer exactly as MongoDB does, in every
 * command that filters, whatever the stored values look like.
 */
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPatch, overlayTarget, parsePatch } from '../../src/store/ferretdb-overlay.ts';

let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await mongoose
    .createConnection(`${inject('mongoUri')}idf_${randomBytes(4).toString('hex')}`)
    .asPromise();
});

afterAll(async () => {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
});

interface Doc {
  _id: string | Types.ObjectId | number;
  v?: number;
  status?: string;
  tags?: string[];
}

describe('filters with _id and more, on the embedded store', () => {
  it('string ids: _id with other conditions matches only when all hold', async () => {
    const c = conn.db!.collection<Doc>('strings');
    await c.insertMany([
      { _id: 'a', v: 1, status: 'open', tags: ['x'] },
      { _id: 'b', v: 2, status: 'open' },
      { _id: 'c', v: 3, status: 'closed' },
      { _id: 7, v: 7, status: 'open' },
    ]);
    expect(await c.findOne({ _id: 'a', v: 1 })).toMatchObject({ _id: 'a' });
    expect(await c.findOne({ _id: 'a', v: 2 })).toBeNull();
    expect(await c.findOne({ _id: 'a', tags: 'x' })).toMatchObject({ _id: 'a' });
    expect(await c.findOne({ _id: 'a', $or: [{ v: 5 }, { status: 'open' }] })).toMatchObject({ _id: 'a' });
    expect(await c.countDocuments({ _id: 'c', status: 'open' })).toBe(0);
    expect(await c.countDocuments({ _id: 7, status: 'open' })).toBe(1);

    // A compare-and-set: only the writer holding the current version wins.
    expect((await c.updateOne({ _id: 'b', v: 1 }, { $set: { v: 9 } })).matchedCount).toBe(0);
    expect((await c.updateOne({ _id: 'b', v: 2 }, { $set: { v: 3 } })).modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 'b' })).toMatchObject({ v: 3 });

    // A conditional claim through findAndModify.
    expect(await c.findOneAndUpdate({ _id: 'c', status: 'open' }, { $set: { status: 'taken' } })).toBeNull();
    expect(
      await c.findOneAndUpdate(
        { _id: 'a', status: 'open' },
        { $set: { status: 'taken' } },
        { returnDocument: 'after' },
      ),
    ).toMatchObject({ status: 'taken' });

    // A conditional delete leaves a document whose condition does not hold.
    expect((await c.deleteOne({ _id: 'c', status: 'open' })).deletedCount).toBe(0);
    expect((await c.deleteOne({ _id: 'c', status: 'closed' })).deletedCount).toBe(1);
    expect(await c.countDocuments({})).toBe(3);
  });

  it('ObjectId ids and $in lists answer as MongoDB does', async () => {
    const c = conn.db!.collection<Doc>('objectids');
    const ids = Array.from({ length: 5 }, () => new Types.ObjectId());
    await c.insertMany(ids.map((_id, i) => ({ _id, v: i, status: i % 2 ? 'open' : 'closed' })));
    expect(await c.findOne({ _id: ids[1], status: 'open' })).toMatchObject({ v: 1 });
    expect(await c.findOne({ _id: ids[2], status: 'open' })).toBeNull();

    const some = await c.find({ _id: { $in: [ids[0]!, ids[3]!, new Types.ObjectId()] } }).toArray();
    expect(some.map((d) => d.v).sort()).toEqual([0, 3]);
    const open = await c.find({ _id: { $in: ids }, status: 'open' }).toArray();
    expect(open.map((d) => d.v).sort()).toEqual([1, 3]);
    expect(await c.countDocuments({ _id: { $in: [] } })).toBe(0);
    // Values the narrowing does not take (a number) still match by the whole filter.
    expect(await c.countDocuments({ _id: { $in: [ids[4]!, 12] } })).toBe(1);
    expect(await c.distinct('v', { _id: { $in: [ids[1]!, ids[2]!] } })).toEqual([1, 2]);

    const marked = await c.updateMany({ _id: { $in: [ids[0]!, ids[1]!] } }, { $set: { status: 'done' } });
    expect(marked.modifiedCount).toBe(2);
    expect(await c.countDocuments({ status: 'done' })).toBe(2);
    expect((await c.deleteMany({ _id: { $in: [ids[0]!, ids[4]!] }, status: 'done' })).deletedCount).toBe(1);
  });

  it('$in with more values than the narrowing takes still finds them all', async () => {
    const c = conn.db!.collection<Doc>('many');
    await c.insertMany(Array.from({ length: 700 }, (_, i) => ({ _id: `k${i}`, v: i })));
    const wanted = Array.from({ length: 600 }, (_, i) => `k${i + 50}`);
    expect(await c.countDocuments({ _id: { $in: wanted } })).toBe(600);
    expect(await c.countDocuments({ _id: { $in: wanted.slice(0, 10) }, v: { $gte: 55 } })).toBe(5);
  });
});

describe('filters on other fields, on the embedded store', () => {
  interface Row {
    _id: number;
    s?: unknown;
    t?: unknown;
  }
  const odd = ['开工 "在建" <a&b>', 'back\\slash', 'emoji 🚧', 'line\u2028sep', 'tab\tx', ''];

  it('string equality matches as MongoDB does: arrays that contain it, odd characters, missing fields', async () => {
    const c = conn.db!.collection<Row>('fields');
    await c.insertMany([
      { _id: 1, s: 'open', t: 'x' },
      { _id: 2, s: ['closed', 'open'], t: 'y' },
      { _id: 3, s: 'closed' },
      { _id: 4, s: { open: true } },
      { _id: 6 },
      { _id: 7, s: null },
      { _id: 8, s: 42 },
      ...odd.map((s, i) => ({ _id: 100 + i, s })),
    ]);
    await c.createIndex({ s: 1 });
    const ids = async (filter: Record<string, unknown>) =>
      (await c.find(filter).toArray()).map((d) => d._id).sort((a, b) => a - b);
    expect(await ids({ s: 'open' })).toEqual([1, 2]);
    expect(await ids({ s: { $eq: 'open' } })).toEqual([1, 2]);
    expect(await ids({ s: 'open', t: 'y' })).toEqual([2]);
    expect(await ids({ s: { $in: ['closed', 'nothing'] } })).toEqual([2, 3]);
    expect(await ids({ s: { $in: ['open', 42] } })).toEqual([1, 2, 8]);
    expect(await ids({ s: 'missing' })).toEqual([]);
    expect(await ids({ s: null })).toEqual([6, 7]);
    expect(await ids({ 's.open': true })).toEqual([4]);
    for (const [i, text] of odd.entries())
      expect(await ids({ s: text }), JSON.stringify(text)).toEqual([100 + i]);
    expect(await c.countDocuments({ s: { $in: odd } })).toBe(odd.length);
    expect((await c.updateMany({ s: 'open' }, { $set: { t: 'z' } })).modifiedCount).toBe(2);
    expect(await ids({ t: 'z' })).toEqual([1, 2]);
    expect((await c.deleteMany({ s: 'closed', t: { $exists: false } })).deletedCount).toBe(1);
  });
});

describe('the overlay patch format', () => {
  const patch = '# comment\n<<<< find\nold line\n==== replace\nnew line\n>>>>\n';

  it('replaces a block that occurs exactly once', () => {
    expect(applyPatch('a\nold line\nb', parsePatch(patch), 'x.patch')).toBe('a\nnew line\nb');
  });

  it('refuses a block that upstream moved or repeats, naming it', () => {
    expect(() => applyPatch('nothing here', parsePatch(patch), 'x.patch')).toThrow(
      /block 1 of x.patch.*not found/,
    );
    expect(() => applyPatch('old line\nold line', parsePatch(patch), 'x.patch')).toThrow(/found twice/);
  });

  it('patches the SQLite backend from the top of the overlay, any other package from its subdirectory', () => {
    expect(overlayTarget('collection.go.patch')).toBe('internal/backends/sqlite/collection.go');
    expect(overlayTarget('xmdd_where.go.txt')).toBe('internal/backends/sqlite/xmdd_where.go');
    expect(overlayTarget('internal/handler/msg_update.go.patch')).toBe('internal/handler/msg_update.go');
  });

  it('refuses a malformed patch file', () => {
    expect(() => parsePatch('<<<< find\nx\n')).toThrow(/unterminated/);
    expect(() => parsePatch('stray text')).toThrow(/outside a block/);
  });
});
