/**
 * A loopback stand-in for WeCom that fails in every way a network and a server can, chosen per
 * webhook key: reset connections, silence until the client times out, HTTP 4xx/5xx pages, and
 * answers that are not WeCom's JSON. Several of them echo the request URL (with its key) back, as
 * proxies and error pages do, so anything that logs an answer would leak the key.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODES = ['reset', 'hang', 'http404', 'http502', 'html200', 'nojson200', 'errcode-echo'] as const;
export type Mode = (typeof MODES)[number];

export interface MisbehavingWecom {
  base: string;
  /** Requests seen per key. */
  hits(key: string): number;
  close(): Promise<void>;
}

export async function startMisbehavingWecom(modes: Map<string, Mode>): Promise<MisbehavingWecom> {
  const hits = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    const key = url.searchParams.get('key') ?? '';
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const full = `http://${req.headers.host}${req.url}`;
    switch (modes.get(key)) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        hanging.add(res);
        return;
      case 'http404':
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end(`<html><body>Not Found: ${full}</body></html>`);
        return;
      case 'http502':
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad gateway', upstream: full, key }));
        return;
      case 'html200':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html>login required for ${full} (key ${key})</html>`);
        return;
      case 'nojson200':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `unknown robot ${key}`, url: full }));
        return;
      case 'errcode-echo':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ errcode: 40058, errmsg: `content exceed max length for key ${key}, see ${full}` }),
        );
        return;
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: (key) => hits.get(key) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
