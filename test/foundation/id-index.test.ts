/**
 * The embedded FerretDB wrapper indexes the _id expression FerretDB's own queries use (FerretDB
 * 1.24 indexes a different spelling, so without this every _id lookup reads the whole table).
 * The keeper reports each index it creates; a collection made after start-up gets one too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, waitForPort } from '../../src/store/ferretdb.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xmdd-idindex-'));
let child: ChildProcess | undefined;
let conn: mongoose.Connection | undefined;

afterAll(async () => {
  await conn?.close();
  child?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return test();
}

describe('embedded FerretDB _id index', () => {
  it('is created for every collection, including one made after start-up', async () => {
    const port = await freePort();
    child = spawn(
      inject('ferretdbBin'),
      ['--listen-addr', `127.0.0.1:${port}`, '--sqlite-dir', dir, '--verbose'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr!.on('data', (b: Buffer) => {
      log += b.toString();
    });
    await waitForPort(port, 30_000, child);
    conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/keeper`).asPromise();
    await conn.db!.collection('first').insertOne({ _id: 'a' as never, n: 1 });
    const indexed = (name: string) =>
      new RegExp(`id index keeper: indexed.*table=${name}_[0-9a-f]+`).test(log);
    expect(await waitFor(() => indexed('first'), 10_000)).toBe(true);

    await conn.db!.collection('second').insertMany([{ _id: 'x' as never }, { _id: 'y' as never }]);
    expect(await waitFor(() => indexed('second'), 10_000)).toBe(true);
    // Lookups, updates and deletes by _id still answer exactly as before.
    const second = conn.db!.collection<{ _id: string; n?: number }>('second');
    await second.updateOne({ _id: 'y' }, { $set: { n: 2 } });
    expect(await second.findOne({ _id: 'y' })).toEqual({ _id: 'y', n: 2 });
    await second.deleteOne({ _id: 'x' });
    expect(await second.countDocuments()).toBe(1);
    // Each index once: a second pass finds nothing to do.
    await new Promise((r) => setTimeout(r, 1500));
    expect(log.match(/indexed.*table=first_/g)).toHaveLength(1);
  });
});
