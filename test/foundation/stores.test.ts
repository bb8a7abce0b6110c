import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { connectTestStores } from '../helpers/services.ts';

const { redis, svc } = await connectTestStores();

describe('real services', () => {
  it('round-trips a document through FerretDB with a unique index enforced', async () => {
    const Thing = mongoose.model(
      'RoundTrip',
      new mongoose.Schema({ code: { type: String, unique: true }, n: Number }),
    );
    await Thing.createIndexes();
    await Thing.create({ code: 'A1', n: 1 });
    await expect(Thing.create({ code: 'A1', n: 2 })).rejects.toMatchObject({ code: 11000 });
    const back = await Thing.findOne({ code: 'A1' }).lean();
    expect(back?.n).toBe(1);
    const hello = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    expect(String(hello.version)).toMatch(/^\d+\.\d+/);
  });

  it('round-trips a key through the real Redis', async () => {
    await redis.set(`${svc.prefix}k`, 'v', 'EX', 10);
    expect(await redis.get(`${svc.prefix}k`)).toBe('v');
    expect(await redis.ttl(`${svc.prefix}k`)).toBeGreaterThan(0);
  });
});
