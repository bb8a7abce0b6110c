/**
 * Media the bot uploads over the long connection (research note): the SDK cuts a file into
 * 512 KB chunks, at most 100; WeCom is reported to take images and voice up to 2 MB, video up to
 * 10 MB and files up to 20 MB. Checked before uploading, so an oversize 通报 chart or 台账 fails
 * with a clear error instead of a rejected chunk half way.
 */
import { decryptFile, type WeComMediaType } from '@wecom/aibot-node-sdk';

const MB = 1024 * 1024;

export const MEDIA_LIMITS: Readonly<Record<WeComMediaType, number>> = {
  image: 2 * MB,
  voice: 2 * MB,
  video: 10 * MB,
  file: 20 * MB,
};

export const UPLOAD_CHUNK_BYTES = 512 * 1024;
export const UPLOAD_MAX_CHUNKS = 100;

/** The limit a file of this type exceeds, or undefined when it fits. */
export function mediaOverLimit(
  type: WeComMediaType,
  size: number,
  limits: Readonly<Record<WeComMediaType, number>> = MEDIA_LIMITS,
): number | undefined {
  const limit = Math.min(limits[type], UPLOAD_CHUNK_BYTES * UPLOAD_MAX_CHUNKS);
  return size > limit ? limit : undefined;
}

/**
 * A medium a long-connection message points to is encrypted with the key sent beside its URL
 * (AES-256-CBC, IV = the key's first 16 bytes); the SDK's own routine opens it.
 */
export function decryptMedia(encrypted: Buffer, aesKey: string): Buffer {
  return decryptFile(encrypted, aesKey);
}
