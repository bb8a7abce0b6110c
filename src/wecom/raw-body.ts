/**
 * Reads a request body with a byte cap. The declared length is checked first; otherwise bytes are
 * counted as they arrive and the read stops the moment the cap is passed, so a huge body is refused
 * without being read whole.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.ts';

export function tooLarge(cap: number): AppError {
  return new AppError('payload_too_large', `请求体超过 ${cap} 字节`, { status: 413, expose: true });
}

export function readRawBody(req: IncomingMessage, cap: number, timeoutMs = 10_000): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return Promise.reject(tooLarge(cap));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null, value?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        // Stop reading: whatever else the client sends is discarded with the connection.
        req.pause();
        reject(err);
      } else resolve(value ?? '');
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) finish(tooLarge(cap));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks).toString('utf8'));
    const onError = (err: Error) =>
      finish(new AppError('payload_malformed', 'request body aborted', { status: 400, cause: err }));
    const timer = setTimeout(
      () => finish(new AppError('payload_malformed', 'request body too slow', { status: 408 })),
      timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
