/**
 * Every error we raise carries a stable snake_case code. `expose` errors carry a message written
 * for the person in the chat (plain Chinese); everything else is logged and answered generically.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'store_unavailable'
  | 'redis_unavailable'
  | 'ferretdb_unavailable'
  | 'go_missing'
  | 'signature_invalid'
  | 'timestamp_stale'
  | 'receiveid_mismatch'
  | 'payload_malformed'
  | 'payload_too_large'
  | 'callback_not_configured'
  | 'wecom_api_error'
  | 'aibot_auth_failed'
  | 'aibot_not_connected'
  | 'media_too_large'
  | 'wecom_unreachable'
  | 'permission_denied'
  | 'not_found'
  | 'ambiguous'
  | 'invalid_input'
  | 'rate_limited'
  | 'import_invalid'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** When true, `message` may be shown to the user as it is. */
  readonly expose: boolean;
  readonly status: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { expose?: boolean; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.expose = opts.expose ?? false;
    this.status = opts.status ?? 500;
  }
}

/** An error whose message is the answer the user should read. */
export class UserFacingError extends AppError {
  constructor(message: string, code: ErrorCode = 'invalid_input') {
    super(code, message, { expose: true, status: 200 });
    this.name = 'UserFacingError';
  }
}

export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('internal', message, { cause: err });
}
