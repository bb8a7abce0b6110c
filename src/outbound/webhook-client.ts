/**
 * HTTP calls to WeCom's robot webhook API (research §1). WeCom answers HTTP 200 with an errcode;
 * a non-zero errcode becomes a WecomApiError so callers can decide between retry and give-up.
 */
import axios, { type AxiosInstance } from 'axios';
import { AppError } from '../errors.ts';
import { redactUrl } from '../logger.ts';

export class WecomApiError extends AppError {
  readonly errcode: number;
  constructor(errcode: number, errmsg: string) {
    super('wecom_api_error', `WeCom errcode ${errcode}: ${redactUrl(errmsg)}`, { status: 502 });
    this.errcode = errcode;
  }
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
  const check = (data: ApiAnswer): ApiAnswer => {
    const code = Number(data?.errcode ?? -1);
    if (code !== 0) throw new WecomApiError(code, String(data?.errmsg ?? 'no errcode in answer'));
    return data;
  };
  return {
    async send(key, body) {
      const res = await http.post<ApiAnswer>('/cgi-bin/webhook/send', body, { params: { key } });
      check(res.data);
    },
    async uploadMedia(key, filename, data, type = 'file') {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(data)]), filename);
      const res = await http.post<ApiAnswer>('/cgi-bin/webhook/upload_media', form, {
        params: { key, type },
        maxBodyLength: 25 * 1024 * 1024,
      });
      const ok = check(res.data);
      if (!ok.media_id) throw new WecomApiError(-1, 'upload_media answered without media_id');
      return ok.media_id;
    },
    async postResponseUrl(url, body) {
      const res = await http.post<ApiAnswer>(url, body, { baseURL: undefined });
      check(res.data);
    },
  };
}

/** Errcodes that mean "try again later": busy, rate limit, concurrency. */
export function isRetryableErrcode(code: number): boolean {
  return code === -1 || code === 45009 || code === 45033;
}
