/**
 * Failures of sends over the long connection. The SDK rejects a refused command with WeCom's
 * acknowledgement frame itself (`{headers, errcode, errmsg}`, not an Error) and a lost connection
 * or a missing acknowledgement with a plain Error; both become an AibotSendError with a code.
 */
import { AppError, type ErrorCode } from '../../errors.ts';

/** WeCom errcodes the sender treats specially (research note; 45009 by analogy with the webhook). */
export const AIBOT_ERRCODE = {
  credential: 853000,
  invalidReqId: 846605,
  streamExpired: 846608,
  frequency: 45009,
} as const;

export class AibotSendError extends AppError {
  readonly errcode?: number;

  constructor(code: ErrorCode, message: string, opts: { errcode?: number; cause?: unknown } = {}) {
    super(code, message, { cause: opts.cause });
    this.name = 'AibotSendError';
    this.errcode = opts.errcode;
  }
}

/** Plain words for the person in the chat; the log keeps the details. */
export const AIBOT_USER_TEXT: Partial<Record<ErrorCode, string>> = {
  aibot_not_connected: '机器人与企业微信的连接暂时中断，恢复后会自动发送。',
  media_too_large: '文件超过企业微信允许的大小，无法发送，请缩小后再试。',
  wecom_api_error: '企业微信暂时未能接收这条消息，请稍后再试。',
};

export function toAibotError(err: unknown, what: string): AibotSendError {
  if (err instanceof AibotSendError) return err;
  if (err && typeof err === 'object' && 'errcode' in err) {
    const f = err as { errcode?: unknown; errmsg?: unknown };
    const errcode = Number(f.errcode);
    return new AibotSendError(
      'wecom_api_error',
      `${what}: WeCom answered errcode ${errcode} (${String(f.errmsg)})`,
      {
        errcode,
        cause: err,
      },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  // The SDK's words for "no open socket" and "socket closed while waiting" (index.esm.js).
  const lost = /not connected|connection closed|manually closed|disconnected/i.test(message);
  return new AibotSendError(lost ? 'aibot_not_connected' : 'wecom_api_error', `${what}: ${message}`, {
    cause: err,
  });
}
