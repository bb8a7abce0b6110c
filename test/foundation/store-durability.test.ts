/**
 * The embedded store runs SQLite in WAL mode with synchronous=NORMAL (FERRETDB_SYNCHRONOUS): a commit
 * is in the WAL file before FerretDB answers, so a store process killed with -9 loses no acknowledged
 * write. (Only an OS crash or power cut may lose the last commits; synchronous=FULL prevents that.)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RunningFerretdb, startFerretdb } from '../../src/store/ferretdb.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-durable-'));
let store: RunningFerretdb | undefined;

afterAll(async () => {
  await store?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function killHard(s: RunningFerretdb): Promise<void> {
  process.kill(s.pid, 'SIGKILL');
  await s.stop(); // resolves once the process has exited
}

describe('embedded store durability', () => {
  it('keeps every acknowledged write when the store process is killed with -9', async () => {
    const bin = inject('ferretdbBin');
    const N = 300;
    for (let round = 0; round < 3; round++) {
      store = await startFerretdb({ bin, dir, synchronous: 'normal' });
      const conn = await mongoose.createConnection(`${store.uri}durable`, { maxPoolSize: 8 }).asPromise();
      const c = conn.db!.collection<{ _id: string; round: number; n: number }>('writes');
      // One at a time, each acknowledged before the next, as the bot writes; then updates of them.
      for (let i = 0; i < N; i++) await c.insertOne({ _id: `r${round}-${i}`, round, n: 0 });
      await Promise.all(
        Array.from({ length: N }, (_, i) => c.updateOne({ _id: `r${round}-${i}` }, { $inc: { n: 1 } })),
      );
      // The commits are in the write-ahead log, not yet checkpointed into the database file.
      const wal = readdirSync(path.join(dir)).find((f) => f.startsWith('durable') && f.endsWith('-wal'));
      expect(wal && statSync(path.join(dir, wal)).size).toBeGreaterThan(0);
      await killHard(store);
      await conn.close(true);

      store = await startFerretdb({ bin, dir, synchronous: 'normal' });
      const again = await mongoose.createConnection(`${store.uri}durable`).asPromise();
      const back = again.db!.collection<{ _id: string; round: number; n: number }>('writes');
      for (let r = 0; r <= round; r++) {
        expect(await back.countDocuments({ round: r }), `round ${r}`).toBe(N);
        expect(await back.countDocuments({ round: r, n: 1 }), `round ${r} updates`).toBe(N);
      }
      await again.close();
      await store.stop();
      store = undefined;
    }
    expect(existsSync(path.join(dir, 'durable.sqlite'))).toBe(true);
  });

  it('FERRETDB_SYNCHRONOUS takes normal (the default) or full, nothing else', () => {
    expect(loadConfig({}).FERRETDB_SYNCHRONOUS).toBe('normal');
    expect(loadConfig({ FERRETDB_SYNCHRONOUS: 'full' }).FERRETDB_SYNCHRONOUS).toBe('full');
    expect(() => loadConfig({ FERRETDB_SYNCHRONOUS: 'off' })).toThrow(/FERRETDB_SYNCHRONOUS/);
  });
});
