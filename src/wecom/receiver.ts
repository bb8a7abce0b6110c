/**
 * The callback endpoints. Order matters and is part of the contract: bounded body read (413) →
 * signature (401, nothing stored) → timestamp window (401) → decrypt (400) → parse (400) → store →
 * answer. The query is decoded exactly once, by Koa: a '+' in echostr or Encrypt must survive.
 */
import type { Context } from 'koa';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { InboundPipeline } from '../inbound/pipeline.ts';
import { decryptMessage, verifySignature, type WecomCredentials } from './crypto.ts';
import { normalise, parseEnvelope } from './payload.ts';
import { readRawBody } from './raw-body.ts';
import { aibotReplyPlaintext, robotReplyPlaintext, sealReply } from './reply-format.ts';

export type Channel = 'robot' | 'aibot';

const NOT_CONFIGURED: Record<Channel, string> = {
  robot: '群机器人回调未配置：请设置环境变量 WECOM_TOKEN 和 WECOM_ENCODING_AES_KEY 后重启。',
  aibot: '智能机器人回调未配置：请设置环境变量 WECOM_AIBOT_TOKEN 和 WECOM_AIBOT_ENCODING_AES_KEY 后重启。',
};

export function credentialsFor(config: Config, channel: Channel): WecomCredentials | undefined {
  if (channel === 'robot') {
    return config.WECOM_TOKEN && config.WECOM_ENCODING_AES_KEY
      ? { token: config.WECOM_TOKEN, aesKey: config.WECOM_ENCODING_AES_KEY, receiveId: '' }
      : undefined;
  }
  return config.WECOM_AIBOT_TOKEN && config.WECOM_AIBOT_ENCODING_AES_KEY
    ? { token: config.WECOM_AIBOT_TOKEN, aesKey: config.WECOM_AIBOT_ENCODING_AES_KEY, receiveId: '' }
    : undefined;
}

function one(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  return typeof v === 'string' ? v : undefined;
}

interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

function signedQuery(ctx: Context): SignedQuery {
  const signature = one(ctx, 'msg_signature');
  const timestamp = one(ctx, 'timestamp');
  const nonce = one(ctx, 'nonce');
  if (!signature || !timestamp || !nonce) {
    throw new AppError('signature_invalid', 'missing msg_signature, timestamp or nonce', { status: 401 });
  }
  return { signature, timestamp, nonce };
}

/** Signature, then the replay window, then decryption. */
function open(
  q: SignedQuery,
  encrypted: string,
  creds: WecomCredentials,
  clock: Clock,
  maxSkewS: number,
): string {
  if (!verifySignature(creds.token, q.timestamp, q.nonce, encrypted, q.signature)) {
    throw new AppError('signature_invalid', 'bad msg_signature', { status: 401 });
  }
  const ts = Number(q.timestamp);
  if (!/^\d{1,13}$/.test(q.timestamp) || Math.abs(clock.now().getTime() / 1000 - ts) > maxSkewS) {
    throw new AppError('timestamp_stale', 'callback timestamp outside the allowed window', { status: 401 });
  }
  return decryptMessage(creds.aesKey, encrypted, creds.receiveId);
}

export interface ReceiverDeps {
  config: Config;
  clock: Clock;
  pipeline: InboundPipeline;
}

/** GET: URL verification. Answers the decrypted echostr, plain, no newline, within the 1 s limit. */
export function verifyUrlHandler(deps: ReceiverDeps, channel: Channel) {
  return async (ctx: Context): Promise<void> => {
    const creds = credentialsFor(deps.config, channel);
    if (!creds) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = NOT_CONFIGURED[channel];
      return;
    }
    const q = signedQuery(ctx);
    const echostr = one(ctx, 'echostr');
    if (!echostr) throw new AppError('payload_malformed', 'missing echostr', { status: 400 });
    const plain = open(q, echostr, creds, deps.clock, deps.config.CALLBACK_MAX_SKEW_S);
    ctx.status = 200;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = plain;
  };
}

/** POST: a message or event callback. */
export function messageHandler(deps: ReceiverDeps, channel: Channel) {
  return async (ctx: Context): Promise<void> => {
    const startedAt = performance.now();
    const creds = credentialsFor(deps.config, channel);
    if (!creds) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = NOT_CONFIGURED[channel];
      return;
    }
    let raw: string;
    try {
      raw = await readRawBody(ctx.req, deps.config.MAX_BODY_BYTES);
    } catch (err) {
      if ((err as AppError).status === 413) {
        // Do not keep reading what the client still sends: close once the 413 is out.
        ctx.set('Connection', 'close');
        ctx.res.once('finish', () => setTimeout(() => ctx.req.destroy(), 200).unref());
      }
      throw err;
    }
    const q = signedQuery(ctx);
    const wantsJson = channel === 'aibot' || one(ctx, 'robot_callback_format') === 'json';
    const format = raw.trimStart().startsWith('{')
      ? 'json'
      : raw.trimStart().startsWith('<')
        ? 'xml'
        : wantsJson
          ? 'json'
          : 'xml';
    const encrypted = parseEnvelope(raw, format);
    const plain = open(q, encrypted, creds, deps.clock, deps.config.CALLBACK_MAX_SKEW_S);
    const source =
      channel === 'aibot' ? 'aibot' : plain.trimStart().startsWith('<') ? 'robot-xml' : 'robot-json';
    const { message, streamId } = normalise(plain, source, deps.clock.now());

    // A 智能机器人 stream refresh asks again for an answer we already gave: nothing new to store.
    const answer =
      channel === 'aibot' && message.kind === 'stream'
        ? await deps.pipeline.answerOf(streamId ?? message.msgId)
        : await deps.pipeline.handle(message, { raw: plain, format, startedAt });

    ctx.status = 200;
    if (answer.kind === 'empty') {
      ctx.type = 'text/plain';
      ctx.body = '';
      return;
    }
    const replyPlain =
      channel === 'aibot'
        ? aibotReplyPlaintext(answer.reply, streamId ?? message.msgId, answer.images)
        : robotReplyPlaintext(answer.reply, format);
    // 智能机器人 requires the callback's own nonce; the robot accepts any, so use it there too.
    const sealed = sealReply(replyPlain, creds, {
      timestamp: String(Math.floor(deps.clock.now().getTime() / 1000)),
      nonce: q.nonce,
      format: channel === 'aibot' ? 'json' : format,
    });
    ctx.type = sealed.contentType;
    ctx.body = sealed.body;
  };
}
