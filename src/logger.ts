import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths whose values never reach a log line: credentials, webhook keys and the encrypted payloads
 * (which a leaked key would open).
 */
const REDACT = [
  'token',
  'aesKey',
  'encodingAESKey',
  'key',
  'webhookKey',
  'webhookUrl',
  'url',
  '*.token',
  '*.key',
  '*.webhookKey',
  '*.webhookUrl',
  '*.WebhookUrl',
  '*.webhook_url',
  'req.headers.authorization',
  'config.WECOM_TOKEN',
  'config.WECOM_ENCODING_AES_KEY',
  'config.WECOM_AIBOT_TOKEN',
  'config.WECOM_AIBOT_ENCODING_AES_KEY',
  'config.WECOM_AIBOT_SECRET',
  'secret',
  '*.secret',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/** Replaces `key=...` in any URL with a redacted marker, for messages that include URLs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:key|access_token|response_code)=)[^&#\s]+/gi, '$1[redacted]');
}
