/**
 * The process logger: pino with ISO times and level names, JSON lines (pretty when stdout is a
 * terminal), and three layers that keep credentials out of every line whatever is logged:
 * 1. fields named like a credential are censored at any depth (pino `redact` for the common paths,
 *    a deep walk for the rest), errors are reduced to type, code, status and message;
 * 2. query strings of URLs in any text are dropped (webhook keys, response codes, signatures);
 * 3. the configured secret values (tokens, AES keys, store passwords) are replaced in the final line.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

export type { Logger };

const CENSOR = '[redacted]';

/** pino's own redaction: cheap, exact paths for the fields the code logs most. */
const REDACT = [
  'token',
  'aesKey',
  'encodingAESKey',
  'key',
  'secret',
  'webhookKey',
  'webhookUrl',
  'responseUrl',
  'url',
  '*.token',
  '*.key',
  '*.secret',
  '*.webhookKey',
  '*.webhookUrl',
  '*.WebhookUrl',
  '*.webhook_url',
  '*.response_url',
  '*.responseUrl',
  'req.headers.authorization',
  'config.WECOM_TOKEN',
  'config.WECOM_ENCODING_AES_KEY',
  'config.WECOM_AIBOT_TOKEN',
  'config.WECOM_AIBOT_ENCODING_AES_KEY',
  'config.WECOM_AIBOT_SECRET',
];

/** Field names whose values are credentials wherever they appear (compared lower-case, without _ and -). */
const SECRET_FIELDS = new Set([
  'key',
  'token',
  'secret',
  'aeskey',
  'encodingaeskey',
  'webhookkey',
  'webhookurl',
  'responseurl',
  'url',
  'corpsecret',
  'accesstoken',
  'password',
  'authorization',
  'params',
  'headers',
  'wecomtoken',
  'wecomencodingaeskey',
  'wecomaibottoken',
  'wecomaibotencodingaeskey',
  'wecomaibotsecret',
]);
/** Parts of an HTTP client error that carry the request (URL with key, headers, body): never logged. */
const DROPPED_ERROR_FIELDS = new Set(['config', 'request', 'response', 'raw', 'socket', 'agent', 'options']);
const MAX_DEPTH = 8;

const QUERY_PARAM =
  /([?&](?:key|access_token|response_code|corpsecret|secret|token|msg_signature|signature|echostr|encodingaeskey)=)[^&#\s"'<>]+/gi;
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;

/** Replaces credential query parameters in any URL inside a text. */
export function redactUrl(url: string): string {
  return url.replace(QUERY_PARAM, `$1${CENSOR}`);
}

/** Drops the query string of every absolute URL in a text and censors credential parameters of the rest. */
export function scrubText(text: string): string {
  return redactUrl(text.replace(URL_QUERY, `$1?${CENSOR}`));
}

const fieldName = (k: string) => k.toLowerCase().replace(/[_-]/g, '');

function isErrorLike(v: unknown): v is Error {
  return v instanceof Error || (typeof v === 'object' && v !== null && 'message' in v && 'stack' in v);
}

/** An error as the log may see it: what failed and how, never the request that failed. */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!isErrorLike(err)) return { message: scrubText(String(err)) };
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? e.name,
    message: scrubText(String(e.message)),
  };
  for (const k of Object.keys(e)) {
    if (DROPPED_ERROR_FIELDS.has(k) || k === 'cause' || k === 'message' || k === 'stack') continue;
    if (SECRET_FIELDS.has(fieldName(k))) continue;
    const v = e[k];
    if (typeof v === 'string') out[k] = scrubText(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  const response = e.response as { status?: unknown } | undefined;
  if (out.status === undefined && typeof response?.status === 'number') out.status = response.status;
  if (typeof e.stack === 'string') out.stack = scrubText(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** A copy of a log object with credential fields censored at any depth and errors made safe. */
export function scrubObject(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isErrorLike(value)) return safeError(value);
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_FIELDS.has(fieldName(k)) && v !== undefined && v !== null && typeof v !== 'boolean') {
      out[k] = CENSOR;
    } else out[k] = scrubObject(v, depth + 1, seen);
  }
  return out;
}

/** The credential values of a config: tokens, AES keys, secrets and passwords inside store URIs. */
export function configSecrets(config: Config): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !value) continue;
    if (/(TOKEN|AES_KEY|SECRET|PASSWORD)$/.test(name)) out.push(value);
    if (/_(URI|URL)$/.test(name)) {
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]*:([^@/]+)@/i.exec(value)?.[1];
      if (password) out.push(password, decodeURIComponent(password));
    }
  }
  return [...new Set(out)];
}

/** A destination that replaces known secret values in every line before it is written. */
function scrubbingDestination(inner: DestinationStream, secrets: string[]): DestinationStream {
  const values = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (!values.length) return inner;
  return {
    write(line: string) {
      let out = line;
      for (const s of values) if (out.includes(s)) out = out.split(s).join(CENSOR);
      return inner.write(out);
    },
  };
}

export interface LoggerOptions {
  /** Values never to print, whatever field or text they turn up in. */
  secrets?: string[];
  /** Human-readable lines (pino-pretty) instead of JSON. */
  pretty?: boolean;
}

export function createLogger(
  level: string,
  destination?: DestinationStream,
  opts: LoggerOptions = {},
): Logger {
  const base: DestinationStream =
    destination ??
    (opts.pretty
      ? pretty({
          colorize: true,
          sync: true,
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
          ignore: 'pid,hostname',
        })
      : pino.destination({ fd: 1, sync: true }));
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubObject(obj) as Record<string, unknown>,
      },
      redact: { paths: REDACT, censor: CENSOR },
      serializers: { err: (e: unknown) => (isErrorLike(e) ? safeError(e) : e) },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    scrubbingDestination(base, opts.secrets ?? []),
  );
}

/** The logger of a bot process or script: the config's level, its secrets scrubbed, pretty on a terminal. */
export function createAppLogger(config: Config, level: string = config.LOG_LEVEL): Logger {
  return createLogger(level, undefined, {
    secrets: configSecrets(config),
    pretty: Boolean(process.stdout.isTTY),
  });
}
