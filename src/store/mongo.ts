import mongoose from 'mongoose';
import { AppError } from '../errors.ts';

/** Database name from the URI's path, else the product's default. */
export function dbNameFromUri(uri: string, fallback = 'xmdd'): string {
  const m = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(uri);
  return m?.[1] ? decodeURIComponent(m[1]) : fallback;
}

/**
 * Connects the process-wide mongoose connection (models are registered on it) and builds indexes.
 * Fails fast (seconds, not minutes) so a missing store is reported at start-up.
 */
export async function connectMongo(uri: string, opts: { dbName?: string } = {}): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  // FerretDB (our embedded store) has no transactions; nothing here may depend on them.
  try {
    await mongoose.connect(uri, {
      dbName: opts.dbName ?? dbNameFromUri(uri),
      serverSelectionTimeoutMS: 5000,
      autoIndex: false,
    });
  } catch (err) {
    throw new AppError(
      'store_unavailable',
      `Cannot reach MongoDB at ${safeUri(uri)}: ${(err as Error).message}. Check MONGODB_URI or unset it to use the embedded FerretDB.`,
      { cause: err },
    );
  }
  await syncIndexes();
  return mongoose;
}

/**
 * Unique indexes of stores from before counties: a unit's or group's name, and a target's domain and
 * years, were unique in the whole store; now they are unique within a county (src/domain/county.ts).
 */
const OBSOLETE_INDEXES: Record<string, string[]> = {
  Unit: ['name_1'],
  Group: ['name_1'],
  InvestmentTarget: ['domain_1_fromYear_1_toYear_1'],
};

/** Creates the indexes declared on every registered model (idempotent), after dropping obsolete ones. */
export async function syncIndexes(): Promise<void> {
  for (const [name, indexes] of Object.entries(OBSOLETE_INDEXES)) {
    const model = mongoose.models[name];
    if (!model) continue;
    const present = await model.collection.indexes().catch(() => []);
    for (const index of indexes) {
      if (present.some((i) => i.name === index)) await model.collection.dropIndex(index);
    }
  }
  for (const model of Object.values(mongoose.models)) await model.createIndexes();
}

export async function mongoReachable(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await withTimeout(db.command({ ping: 1 }), 2000);
    return true;
  } catch {
    return false;
  }
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}

function safeUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
