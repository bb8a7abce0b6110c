/**
 * The baseline for the whole-path benchmark: a bare Koa server that does only the cryptographic
 * part of a callback — verify the signature, decrypt, encrypt and sign an echo of the text — with
 * no store, no dedupe, no parsing and no handler.
 */
import type { Server } from 'node:http';
import Koa from 'koa';
import { decryptMessage, verifySignature } from '../../src/wecom/crypto.ts';
import { readRawBody } from '../../src/wecom/raw-body.ts';
import { robotReplyPlaintext, sealReply } from '../../src/wecom/reply-format.ts';

export async function startEchoBaseline(creds: {
  token: string;
  aesKey: string;
  port?: number;
}): Promise<{ base: string; close(): Promise<void> }> {
  const app = new Koa();
  app.use(async (ctx) => {
    const q = ctx.query as Record<string, string>;
    const raw = await readRawBody(ctx.req, 256 * 1024);
    const encrypted = /<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(raw)?.[1] ?? '';
    if (!verifySignature(creds.token, q.timestamp ?? '', q.nonce ?? '', encrypted, q.msg_signature ?? '')) {
      ctx.status = 401;
      return;
    }
    const plain = decryptMessage(creds.aesKey, encrypted, '');
    const text = /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(plain)?.[1] ?? '';
    const sealed = sealReply(
      robotReplyPlaintext({ type: 'text', content: `收到：${text}` }, 'xml'),
      { token: creds.token, aesKey: creds.aesKey, receiveId: '' },
      { timestamp: q.timestamp ?? '', nonce: q.nonce ?? '', format: 'xml' },
    );
    ctx.type = sealed.contentType;
    ctx.body = sealed.body;
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(creds.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
