/**
 * The embedded store keeps MongoDB's single-document promises under concurrency: FerretDB 1.24 on
 * SQLite alone does not (it reads a document and writes it back in separate transactions), the
 * wrapper's write queue (tools/ferretdb/proxy.go) makes it. Each case runs many rounds through a
 * driver pool of 50, as the bot's connections do. To see these fail without the queue, run this
 * file with XMDD_FERRETDB_NO_WRITE_QUEUE=1 (the test store started by global-setup inherits it).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROUNDS = 10;
let conn: mongoose.Connection;

beforeAll(async () => {
  conn = await mongoose
    .createConnection(`${inject('mongoUri')}atomic_${randomBytes(4).toString('hex')}`, { maxPoolSize: 50 })
    .asPromise();
  // Fill the pool, so the rounds below really run on many connections at once.
  await Promise.all(Array.from({ length: 50 }, () => conn.db!.command({ ping: 1 })));
});

afterAll(async () => {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
});

interface Doc {
  _id: string;
  n?: number;
  status?: string;
  payload?: string;
  code?: string;
}

const coll = (name: string) => conn.db!.collection<Doc>(name);

describe('single-document atomicity on the embedded store', () => {
  it('200 concurrent $inc of one document all count', async () => {
    const c = coll('counter');
    for (let round = 0; round < ROUNDS; round++) {
      await c.insertOne({ _id: `r${round}`, n: 0 });
      await Promise.all(
        Array.from({ length: 200 }, () => c.updateOne({ _id: `r${round}` }, { $inc: { n: 1 } })),
      );
      expect((await c.findOne({ _id: `r${round}` }))?.n, `round ${round}`).toBe(200);
    }
  });

  it('50 concurrent conditional claims of one document have exactly one winner', async () => {
    const c = coll('claims');
    for (let round = 0; round < ROUNDS; round++) {
      await c.insertOne({ _id: `r${round}`, status: 'open' });
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          c.findOneAndUpdate({ _id: `r${round}`, status: 'open' }, { $set: { status: 'taken' } }),
        ),
      );
      expect(
        results.filter((r) => r !== null),
        `round ${round}`,
      ).toHaveLength(1);
      expect((await c.findOne({ _id: `r${round}` }))?.status).toBe('taken');
    }
  });

  it('20 concurrent upserts of one _id leave one document that counts all of them', async () => {
    const c = coll('upserts');
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          c.updateOne({ _id: `r${round}` }, { $inc: { n: 1 } }, { upsert: true }),
        ),
      );
      expect(
        results.filter((r) => r.upsertedCount === 1),
        `round ${round}`,
      ).toHaveLength(1);
      const docs = await c.find({ _id: `r${round}` }).toArray();
      expect(docs).toEqual([{ _id: `r${round}`, n: 20 }]);
    }
  });

  it('20 concurrent upserts on a unique key leave one document that counts all of them', async () => {
    const c = coll('upserts_by_code');
    await c.createIndex({ code: 1 }, { unique: true });
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          c.updateOne({ code: `r${round}` }, { $inc: { n: 1 } }, { upsert: true }),
        ),
      );
      const docs = await c.find({ code: `r${round}` }).toArray();
      expect(docs, `round ${round}`).toHaveLength(1);
      expect(docs[0]?.n).toBe(20);
    }
  });

  // These two pass without the queue as well: FerretDB writes an update back with UPDATE … WHERE _id,
  // which cannot recreate a deleted row. They pin down the upsert semantics the code may rely on.
  // What MongoDB does: the update and the delete apply one after the other. Without upsert, either
  // order ends with no document. With upsert, "delete first" lets the upsert insert a NEW document
  // built from the filter and the update ({_id, status: 'taken'}) — that is not the deleted document
  // coming back, and it never carries the deleted document's other fields.
  for (const upsert of [false, true]) {
    it(`a conditional update racing a delete never brings the document back (upsert: ${upsert})`, async () => {
      const c = coll(`race_${upsert}`);
      for (let round = 0; round < ROUNDS; round++) {
        const ids = Array.from({ length: 25 }, (_, i) => `r${round}-${i}`);
        await c.insertMany(ids.map((_id) => ({ _id, status: 'open', payload: 'deleted' })));
        await Promise.all(
          ids.flatMap((_id, i) => {
            const update = () =>
              c.updateOne({ _id, status: 'open' }, { $set: { status: 'taken' } }, { upsert });
            const remove = () => c.deleteOne({ _id });
            // Both orders of issue, so either may reach the store first.
            return i % 2 ? [update(), remove()] : [remove(), update()];
          }),
        );
        const left = await c.find({ _id: { $in: ids } }).toArray();
        if (upsert) {
          for (const d of left) expect(d).toEqual({ _id: d._id, status: 'taken' });
        } else {
          expect(left, `round ${round}`).toEqual([]);
        }
      }
    });
  }
});
