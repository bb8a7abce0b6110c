/**
 * The SDK's logger interface on pino, one level quieter: the connection reports its own state
 * changes, so the SDK's info lines (connecting, auth frame sent, heartbeats) are debug detail.
 */
import type { Logger as SdkLogger } from '@wecom/aibot-node-sdk';
import type { Logger } from '../../logger.ts';

export function sdkLogger(log: Logger): SdkLogger {
  const line = (message: string, args: unknown[]) =>
    args.length
      ? `${message} ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`
      : message;
  return {
    debug: (message, ...args) => log.trace(line(message, args)),
    info: (message, ...args) => log.debug(line(message, args)),
    warn: (message, ...args) => log.warn(line(message, args)),
    // The connection logs what a failure means; the SDK's own line stays as a warning.
    error: (message, ...args) => log.warn(line(message, args)),
  };
}
