/**
 * A counting proxy between a process and the store: every command that crosses the wire (OP_MSG),
 * with its collection, filter shape, documents and time to answer. Runs in the benchmark process, so
 * the bot under trace is the real one (its own process, as in production) with only its MONGODB_URI
 * pointed here.
 */
import net from 'node:net';
import mongoose from 'mongoose';
import { freePort } from '../../src/store/ferretdb.ts';

const { BSON } = mongoose.mongo;
const OP_MSG = 2013;
const SKIP = new Set(['hello', 'ismaster', 'ping', 'endsessions', 'buildinfo', 'getparameter', 'saslstart']);

interface Entry {
  calls: number;
  ms: number;
  docs: number;
}

/** The filter's shape: keys and operators, not values. */
export function shape(filter: unknown): string {
  if (filter === null || typeof filter !== 'object') return '';
  if (Array.isArray(filter)) return `[${filter.length ? shape(filter[0]) : ''}]`;
  const parts = Object.entries(filter as Record<string, unknown>).map(([k, v]) => {
    const isOp =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !(v instanceof Date) &&
      Object.keys(v).some((x) => x.startsWith('$'));
    return isOp ? `${k}:{${Object.keys(v as object).join(',')}}` : k;
  });
  return `{${parts.join(',')}}`;
}

/** What one OP_MSG asks: a label and how many documents it carries (inserts, update statements). */
function describe(msg: Buffer): { key: string; docs: number } | undefined {
  let at = 20; // header (16) + flagBits (4)
  let body: Record<string, unknown> | undefined;
  let docs = 0;
  while (at < msg.length) {
    const kind = msg[at]!;
    at += 1;
    if (kind === 0) {
      const size = msg.readInt32LE(at);
      body = BSON.deserialize(msg.subarray(at, at + size)) as Record<string, unknown>;
      at += size;
    } else if (kind === 1) {
      const size = msg.readInt32LE(at);
      const end = at + size;
      let p = at + 4;
      while (msg[p] !== 0) p++;
      p++;
      while (p < end) {
        docs++;
        p += msg.readInt32LE(p);
      }
      at = end;
    } else return undefined;
  }
  if (!body) return undefined;
  const name = Object.keys(body)[0] ?? '?';
  if (SKIP.has(name.toLowerCase())) return undefined;
  const coll = String(body[name] ?? '');
  const first = <T>(xs: unknown) => (Array.isArray(xs) ? (xs[0] as T) : undefined);
  switch (name) {
    case 'insert':
      return { key: `${coll}.insert`, docs: docs || (body.documents as unknown[] | undefined)?.length || 1 };
    case 'update':
      return {
        key: `${coll}.update ${shape(first<{ q: unknown }>(body.updates)?.q)}`,
        docs: docs || (body.updates as unknown[] | undefined)?.length || 1,
      };
    case 'delete':
      return { key: `${coll}.delete ${shape(first<{ q: unknown }>(body.deletes)?.q)}`, docs: docs || 1 };
    case 'find':
    case 'count':
    case 'distinct':
      return { key: `${coll}.${name} ${shape(body.filter ?? body.query)}`, docs: 1 };
    case 'findAndModify':
      return { key: `${coll}.findAndModify ${shape(body.query)}`, docs: 1 };
    case 'getMore':
      return { key: `${String(body.collection ?? '')}.getMore`, docs: 1 };
    default:
      return { key: `${coll && typeof body[name] === 'string' ? coll : '-'}.${name}`, docs: 1 };
  }
}

/** Splits a byte stream into wire-protocol messages. */
function framer(onMessage: (m: Buffer) => void) {
  let buf: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 4) {
      const len = buf.readInt32LE(0);
      if (buf.length < len) break;
      onMessage(buf.subarray(0, len));
      buf = buf.subarray(len);
    }
  };
}

export async function startWireTrace(target: { host: string; port: number }) {
  const entries = new Map<string, Entry>();
  let on = false;
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const asked = new Map<number, { key: string; docs: number; t: number }>();
    client.on(
      'data',
      framer((m) => {
        if (on && m.readInt32LE(12) === OP_MSG) {
          const d = describe(m);
          if (d) asked.set(m.readInt32LE(4), { ...d, t: performance.now() });
        }
        upstream.write(m);
      }),
    );
    upstream.on(
      'data',
      framer((m) => {
        const q = asked.get(m.readInt32LE(8));
        if (q) {
          asked.delete(m.readInt32LE(8));
          const e = entries.get(q.key) ?? { calls: 0, ms: 0, docs: 0 };
          e.calls += 1;
          e.docs += q.docs;
          e.ms += performance.now() - q.t;
          entries.set(q.key, e);
        }
        client.write(m);
      }),
    );
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    start() {
      entries.clear();
      on = true;
    },
    stop() {
      on = false;
    },
    report(per = 1): string[] {
      const total = [...entries.values()].reduce((n, e) => n + e.calls, 0);
      return [
        `store: ${(total / per).toFixed(2)} round trips`,
        ...[...entries.entries()]
          .sort((a, b) => b[1].calls - a[1].calls || b[1].ms - a[1].ms)
          .map(
            ([k, e]) =>
              `  ${(e.calls / per).toFixed(2).padStart(6)} × ${(e.ms / e.calls).toFixed(1).padStart(5)} ms  ${k}` +
              (e.docs > e.calls ? `  (${(e.docs / e.calls).toFixed(1)} each)` : ''),
          ),
      ];
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** host and port of a mongodb:// URI. */
export function hostPort(uri: string): { host: string; port: number } {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^:/]+):(\d+)/.exec(uri);
  if (!m) throw new Error(`cannot trace ${uri}: not a mongodb://host:port URI`);
  return { host: m[1]!, port: Number(m[2]) };
}
