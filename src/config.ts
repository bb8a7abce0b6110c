/**
 * The only module that reads the environment. Everything else receives a `Config`.
 *
 * @example const config = loadConfig(process.env);
 */
import { z } from 'zod';
import { DEFAULT_COUNTY } from './domain/county.ts';
import { parseDeadlineDays } from './domain/problem-rules.ts';

const ENV = process.env;

const port = z.coerce.number().int().min(0).max(65535);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:MM，如 17:30');
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const token = z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3-32 letters or digits');
const aesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey');
const url = z.string().url();
const wsUrl = z.string().regex(/^wss?:\/\/[^\s/]+/, 'must be a ws:// or wss:// address');
const credential = z.string().regex(/^\S{1,256}$/, 'must be 1-256 characters without spaces');

/** "审批=10,用地=15,…" over the defaults of src/domain/problem-rules.ts. */
function readDeadlineDays(v: string | undefined, ctx: z.RefinementCtx) {
  const parsed = parseDeadlineDays(v ?? '');
  if (typeof parsed !== 'string') return parsed;
  const issue = { code: 'custom' as const, message: parsed };
  ctx.addIssue(issue);
  return z.NEVER;
}
const deadlineDays = z.string().optional().transform(readDeadlineDays);

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('xmdd:'),
  WECOM_TOKEN: token.optional(),
  WECOM_ENCODING_AES_KEY: aesKey.optional(),
  WECOM_AIBOT_TOKEN: token.optional(),
  WECOM_AIBOT_ENCODING_AES_KEY: aesKey.optional(),
  /** 智能机器人 long connection: the bot connects out with these, no public address needed. */
  WECOM_AIBOT_ID: credential.optional(),
  WECOM_AIBOT_SECRET: credential.optional(),
  WECOM_AIBOT_WS_URL: wsUrl.default('wss://openws.work.weixin.qq.com'),
  /** Messages the bot sends to one chat per minute over the long connection (WeCom is said to allow 30). */
  WECOM_AIBOT_CHAT_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(1000).default(20),
  WECOM_API_BASE: url.default('https://qyapi.weixin.qq.com'),
  /** How long one outbound WeCom call may take before it counts as failed (and is retried). */
  WECOM_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * The most webhook messages one text or markdown message becomes in a group; a longer one is sent
   * as its first MESSAGE_MAX_PIECES − 1 pieces and the whole text as a .txt file.
   */
  MESSAGE_MAX_PIECES: z.coerce.number().int().min(2).max(50).default(3),
  BOT_NAME: z.string().min(1).default('项目调度助手'),
  /**
   * The deployment's home county: rows without 县区 and documents without a county belong to it
   * (src/domain/county.ts). Set once; a city deployment names its other counties in the workbook.
   */
  COUNTY: z.string().min(1).default(DEFAULT_COUNTY),
  BOT_TIMEZONE: z
    .string()
    .refine((tz) => isTimeZone(tz), 'is not an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  BOT_SANDBOX: flag.default(false),
  /** `npm run sandbox` only: the page talks to the bot over a local fake 智能机器人 long connection. */
  BOT_SANDBOX_LONG_CONNECTION: flag.default(false),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  FERRETDB_BIN: z.string().optional(),
  /** SQLite's synchronous mode for the embedded store: normal (WAL, no fsync per commit) or full. */
  FERRETDB_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  /** How long a callback waits for its answer before replying empty and pushing via webhook. */
  REPLY_BUDGET_MS: z.coerce.number().int().min(0).max(4500).default(3000),
  /** Largest accepted callback body. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  /** Allowed clock difference for callback timestamps (replay guard). */
  CALLBACK_MAX_SKEW_S: z.coerce.number().int().min(1).default(600),
  SCHEDULER: flag.default(true),
  // Dispatch rules: documented in the README, overridable per county.
  REPORT_DEADLINE_DAY: z.coerce.number().int().min(1).max(28).default(25),
  REPORT_REMINDER_DAYS: z.coerce.number().int().min(0).max(20).default(3),
  DAILY_SUMMARY_TIME: hhmm.default('17:30'),
  WEEKLY_SUMMARY_TIME: hhmm.default('16:00'),
  WEEKLY_SUMMARY_WEEKDAY: z.coerce.number().int().min(1).max(7).default(5),
  MONTHLY_SUMMARY_TIME: hhmm.default('09:00'),
  BULLETIN_DAY: z.coerce.number().int().min(1).max(28).default(5),
  REMINDER_TIME: hhmm.default('09:00'),
  ESCALATION_TIME: hhmm.default('09:30'),
  /** A project whose year-to-date share trails 序时进度 by more than this many points is 黄. */
  RAG_YELLOW_GAP: z.coerce.number().min(0).max(100).default(10),
  /** ... and by more than this many points is 红. */
  RAG_RED_GAP: z.coerce.number().min(0).max(100).default(20),
  /** Days before a due date that a reminder is sent. */
  DUE_SOON_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  /** Working days a problem may stay overdue before it moves up a tier. */
  ESCALATE_AFTER_DAYS: z.coerce.number().int().min(0).max(60).default(2),
  /**
   * Working days a problem or 督办事项 raised without a deadline gets, per category:
   * "审批=10,用地=15,…"; categories not named keep their default (src/domain/problem-rules.ts).
   */
  PROBLEM_DEADLINE_DAYS: deadlineDays,
  /** Working days an escalated problem gets at its new tier (the new deadline counts from the escalation). */
  ESCALATION_DEADLINE_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  /** Messages per minute one person may send before being slowed down. */
  USER_RATE_PER_MIN: z.coerce.number().int().min(1).default(60),
});

export type Config = Readonly<
  z.infer<typeof schema> & {
    /** true when the robot callback credentials are set. */
    wecomConfigured: boolean;
    aibotConfigured: boolean;
    /** true when the 智能机器人 long-connection credentials are set. */
    aibotWsConfigured: boolean;
  }
>;

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates the environment; throws ConfigError with one line naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = ENV): Config {
  const known = Object.keys(schema.shape);
  // Empty strings mean "not set", as in most shells' `VAR= npm start`.
  const input: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown = name in input && !/TOKEN|KEY|SECRET|_ID$/.test(name) ? ` (got "${input[name]}")` : '';
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
  }
  const c = parsed.data;
  if (Boolean(c.WECOM_TOKEN) !== Boolean(c.WECOM_ENCODING_AES_KEY)) {
    const missing = c.WECOM_TOKEN ? 'WECOM_ENCODING_AES_KEY' : 'WECOM_TOKEN';
    throw new ConfigError(
      `Invalid configuration: ${missing} must be set together with its partner (WECOM_TOKEN + WECOM_ENCODING_AES_KEY)`,
    );
  }
  if (Boolean(c.WECOM_AIBOT_TOKEN) !== Boolean(c.WECOM_AIBOT_ENCODING_AES_KEY)) {
    const missing = c.WECOM_AIBOT_TOKEN ? 'WECOM_AIBOT_ENCODING_AES_KEY' : 'WECOM_AIBOT_TOKEN';
    throw new ConfigError(`Invalid configuration: ${missing} must be set together with its partner`);
  }
  if (Boolean(c.WECOM_AIBOT_ID) !== Boolean(c.WECOM_AIBOT_SECRET)) {
    const missing = c.WECOM_AIBOT_ID ? 'WECOM_AIBOT_SECRET' : 'WECOM_AIBOT_ID';
    throw new ConfigError(
      `Invalid configuration: ${missing} must be set together with its partner (WECOM_AIBOT_ID + WECOM_AIBOT_SECRET)`,
    );
  }
  if (c.BOT_SANDBOX && c.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration: BOT_SANDBOX cannot be enabled when NODE_ENV=production');
  }
  if (c.RAG_RED_GAP < c.RAG_YELLOW_GAP) {
    throw new ConfigError('Invalid configuration: RAG_RED_GAP must be at least RAG_YELLOW_GAP');
  }
  return Object.freeze({
    ...c,
    wecomConfigured: Boolean(c.WECOM_TOKEN),
    aibotConfigured: Boolean(c.WECOM_AIBOT_TOKEN),
    aibotWsConfigured: Boolean(c.WECOM_AIBOT_ID),
  });
}

/** The environment for child processes (the Go toolchain, a bot under test), plus overrides. */
export function inheritedEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { ...ENV, ...extra };
}
