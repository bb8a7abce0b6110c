/**
 * One writer at a time per project for the report figures. A report reads the project's current
 * months, computes 本年累计 and writes the months back; FerretDB applies an update by reading the
 * document and writing it whole, so two writers at once lose one's months. Writers in this process
 * queue in memory; writers in other processes (a second instance) meet at a lock document.
 */
import { randomBytes } from 'node:crypto';
import { LockModel } from '../../models/lock.model.ts';

/** A holder this old stopped half way (its writes take milliseconds); its lock is taken over. */
const STALE_MS = 15_000;
const local = new Map<string, Promise<void>>();

const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function acquire(id: string, owner: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await LockModel.create({ _id: id, owner, at: new Date() });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const held = await LockModel.findById(id).lean();
    if (held && Date.now() - held.at.getTime() > STALE_MS) {
      await LockModel.deleteOne({ _id: id, owner: held.owner });
      continue;
    }
    await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
}

export async function withProjectLock<T>(projectCode: string, fn: () => Promise<T>): Promise<T> {
  return withLock(`project:${projectCode}`, fn);
}

/** One holder at a time of `id` ("problem:12" …), in this process and across processes. */
export async function withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const before = local.get(id) ?? Promise.resolve();
  let done!: () => void;
  const mine = before.then(() => new Promise<void>((resolve) => (done = resolve)));
  local.set(id, mine);
  await before;
  const owner = randomBytes(6).toString('hex');
  try {
    await acquire(id, owner);
    try {
      return await fn();
    } finally {
      await LockModel.deleteOne({ _id: id, owner }).catch(() => {});
    }
  } finally {
    done();
    if (local.get(id) === mine) local.delete(id);
  }
}
