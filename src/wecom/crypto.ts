/**
 * WXBizMsgCrypt for WeCom callbacks (research/wecom-protocol.md §3). Pure: no I/O, no clock.
 * @wecom/crypto does the AES work; it checks neither the signature nor the receiveid and returns
 * garbage for a wrong key, so those checks live here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt as libDecrypt, encrypt as libEncrypt } from '@wecom/crypto';
import { AppError } from '../errors.ts';

export interface WecomCredentials {
  token: string;
  aesKey: string;
  /** '' for group robots and internal 智能机器人; the CorpID for self-built apps. */
  receiveId: string;
}

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time comparison of the expected signature with the one WeCom sent. */
export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  given: string,
): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const actual = Buffer.from(given.toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Decrypts a ciphertext and checks that it is what a sender with our key produced: the AES
 * padding/length arithmetic must add up and the receiveid must match.
 */
export function decryptMessage(aesKey: string, encrypted: string, receiveId: string): string {
  const cipherLen = Buffer.from(encrypted, 'base64').length;
  if (cipherLen === 0 || cipherLen % 32 !== 0) {
    throw new AppError('payload_malformed', 'ciphertext is not a whole number of blocks', { status: 400 });
  }
  let out: { message: string; id: string };
  try {
    out = libDecrypt(aesKey, encrypted);
  } catch (err) {
    throw new AppError('payload_malformed', 'cannot decrypt the payload', { status: 400, cause: err });
  }
  // A wrong key yields bytes whose length field and padding do not add up to the buffer size.
  const used = 20 + Buffer.byteLength(out.message) + Buffer.byteLength(out.id);
  const pad = cipherLen - used;
  if (pad < 1 || pad > 32) {
    throw new AppError('payload_malformed', 'decrypted payload has an impossible length', { status: 400 });
  }
  if (out.id !== receiveId) {
    throw new AppError('receiveid_mismatch', 'decrypted payload is for another receiver', { status: 400 });
  }
  return out.message;
}

/** Encrypts a reply; `random` is for known-answer tests only. */
export function encryptMessage(aesKey: string, message: string, receiveId: string, random?: Buffer): string {
  return libEncrypt(aesKey, message, receiveId, random ?? randomBytes(16));
}

/** True when the key decodes to the 32 bytes AES-256 needs (Buffer silently skips bad characters). */
export function validAesKey(aesKey: string): boolean {
  return /^[A-Za-z0-9+/]{43}$/.test(aesKey) && Buffer.from(`${aesKey}=`, 'base64').length === 32;
}

/** A nonce in the style of the official libraries (digits). */
export function makeNonce(): string {
  return String(randomBytes(6).readUIntBE(0, 6) % 10_000_000_000).padStart(10, '1');
}
