/**
 * Per-file access to the real services started by global-setup: a fresh database name and a fresh
 * Redis key prefix for every test file, so files run in parallel without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, inject } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { createData, type Data } from '../../src/data/index.ts';
import { connectMongo } from '../../src/store/mongo.ts';

export interface TestServices {
  mongoUri: string;
  dbName: string;
  redisUrl: string;
  prefix: string;
}

export function testServices(): TestServices {
  const id = randomBytes(4).toString('hex');
  const base = inject('mongoUri');
  const dbName = `t_${id}`;
  return { mongoUri: `${base}${dbName}`, dbName, redisUrl: inject('redisUrl'), prefix: `t${id}:` };
}

/** A valid configuration for tests, pointing at this file's services. */
export function testConfig(svc: TestServices, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: svc.mongoUri,
    REDIS_URL: svc.redisUrl,
    REDIS_KEY_PREFIX: svc.prefix,
    SCHEDULER: '0',
    ...env,
  });
}

/**
 * Connects mongoose and a Redis client for this file, with a data layer whose library copy is checked
 * on every call (tests write to the store and read at once); drops the database when the file ends.
 */
export async function connectTestStores(
  svc: TestServices = testServices(),
): Promise<{ svc: TestServices; redis: Redis; data: Data }> {
  await connectMongo(svc.mongoUri);
  const redis = new Redis(svc.redisUrl);
  afterAll(async () => {
    const keys = await redis.keys(`${svc.prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });
  return { svc, redis, data: createData({ libraryCheckEveryMs: 0 }) };
}
