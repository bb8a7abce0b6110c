/**
 * HTTP calls to WeCom's robot webhook API (research §1). WeCom answers HTTP 200 with an errcode;
 * a non-zero errcode becomes a WecomApiError so callers can decide between retry and give-up.
 */
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { AppError } from '../errors.ts';
import { scrubText } from '../logger.ts';

/** Removes the robot key, wherever a misbehaving answer echoes it, and every URL's query string. */
function scrub(text: string, key?: string): string {
  const t = key && key.length >= 3 ? text.split(key).join('[redacted]') : text;
  return scrubText(t);
}

export class WecomApiError extends AppError {
  readonly errcode: number;
  constructor(errcode: number, errmsg: string, key?: string) {
    super('wecom_api_error', `WeCom errcode ${errcode}: ${scrub(errmsg, key).slice(0, 300)}`, {
      status: 502,
    });
    this.errcode = errcode;
  }
}

/**
 * WeCom could not be reached or answered outside its protocol (refused, reset, timeout, HTTP 4xx/5xx,
 * a body that is not its JSON). Carries only what the log needs — never the request, its URL or
 * headers — and counts as retryable.
 */
export class WecomTransportError extends AppError {
  /** The HTTP status when there was an answer; undefined for network failures. */
  readonly httpStatus?: number;
  /** Node's or axios's error code: ECONNREFUSED, ECONNRESET, ECONNABORTED, ERR_BAD_RESPONSE … */
  readonly netCode?: string;
  constructor(what: string, message: string, opts: { httpStatus?: number; netCode?: string } = {}) {
    super('wecom_unreachable', `${what}: ${message}`, { status: 502 });
    this.name = 'WecomTransportError';
    this.httpStatus = opts.httpStatus;
    this.netCode = opts.netCode;
  }
}

/** Any failure of a call to WeCom, as an error that is safe to log. */
function transportError(err: unknown, what: string, key?: string): AppError {
  if (err instanceof AppError) return err;
  if (isAxiosError(err)) {
    const httpStatus = err.response?.status;
    const message = httpStatus ? `HTTP ${httpStatus}` : scrub(err.message, key);
    return new WecomTransportError(what, message, { httpStatus, netCode: err.code });
  }
  return new WecomTransportError(what, scrub(err instanceof Error ? err.message : String(err), key));
}

interface ApiAnswer {
  errcode?: number;
  errmsg?: string;
  media_id?: string;
}

export interface WebhookClient {
  send(key: string, body: object): Promise<void>;
  /** Uploads a file for this key; returns the media_id. */
  uploadMedia(key: string, filename: string, data: Buffer, type?: 'file' | 'voice'): Promise<string>;
  /** 智能机器人 active reply to a single-use response_url. */
  postResponseUrl(url: string, body: object): Promise<void>;
}

export function createWebhookClient(opts: { apiBase: string; timeoutMs?: number }): WebhookClient {
  const http: AxiosInstance = axios.create({
    baseURL: opts.apiBase.replace(/\/+$/, ''),
    timeout: opts.timeoutMs ?? 15_000,
    // Non-2xx answers are thrown as network-level failures (retryable), errcodes are read below.
    validateStatus: (s) => s >= 200 && s < 300,
    proxy: false,
  });
  /** Reads WeCom's {errcode, errmsg}; an answer without it is a transport failure (retried). */
  const check = (data: unknown, what: string, key?: string): ApiAnswer => {
    if (typeof data !== 'object' || data === null || !('errcode' in data)) {
      throw new WecomTransportError(what, 'answer is not WeCom JSON (no errcode)', { netCode: 'BAD_ANSWER' });
    }
    const answer = data as ApiAnswer;
    const code = Number(answer.errcode);
    if (!Number.isFinite(code)) {
      throw new WecomTransportError(what, 'answer has a non-numeric errcode', { netCode: 'BAD_ANSWER' });
    }
    if (code !== 0) throw new WecomApiError(code, String(answer.errmsg ?? ''), key);
    return answer;
  };
  /** Runs one call; every failure leaves as a WecomApiError or a WecomTransportError. */
  async function call(what: string, key: string | undefined, fn: () => Promise<{ data: unknown }>) {
    let data: unknown;
    try {
      data = (await fn()).data;
    } catch (err) {
      throw transportError(err, what, key);
    }
    return check(data, what, key);
  }
  return {
    async send(key, body) {
      await call('POST /cgi-bin/webhook/send', key, () =>
        http.post('/cgi-bin/webhook/send', body, { params: { key } }),
      );
    },
    async uploadMedia(key, filename, data, type = 'file') {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(data)]), filename);
      const ok = await call('POST /cgi-bin/webhook/upload_media', key, () =>
        http.post('/cgi-bin/webhook/upload_media', form, {
          params: { key, type },
          maxBodyLength: 25 * 1024 * 1024,
        }),
      );
      if (!ok.media_id) throw new WecomApiError(-1, 'upload_media answered without media_id');
      return ok.media_id;
    },
    async postResponseUrl(url, body) {
      const code = new URL(url).searchParams.get('response_code') ?? undefined;
      await call('POST response_url', code, () => http.post(url, body, { baseURL: undefined }));
    },
  };
}

/** Errcodes that mean "try again later": busy, rate limit, concurrency. */
export function isRetryableErrcode(code: number): boolean {
  return code === -1 || code === 45009 || code === 45033;
}
