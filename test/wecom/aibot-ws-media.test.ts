/**
 * Uploads over the long connection through the SDK's chunked upload (init, 512 KB chunks numbered
 * from 0, finish) against the fake gateway, which checks chunk sizes, order, md5 and size limits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { AibotSender } from '../../src/wecom/aibot-ws/index.ts';
import { GATEWAY_ERR } from '../fake-wecom/aibot-gateway.ts';
import { aibotTestEnv, until } from './aibot-ws-harness.ts';

const env = await aibotTestEnv();
const h = env.holder();
await until('connected', () => h.connection.state.current === 'connected');

/** A real PNG of about 1.5 MB: noise does not compress. */
function noisePng(width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  img.data.set(randomBytes(img.data.length));
  for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/png');
}

describe('media over the long connection', () => {
  it('uploads a 1.5 MB PNG in 512 KB chunks numbered from 0 and posts it to a chat', async () => {
    const png = noisePng(660, 660);
    expect(png.length).toBeGreaterThan(1.4 * 1024 * 1024);
    expect(png.length).toBeLessThan(2 * 1024 * 1024);

    const mediaId = await h.sender.sendImage('wrGroup01', png, '通报.png');
    const up = env.gateway.uploads().find((u) => u.mediaId === mediaId)!;
    expect(up).toMatchObject({ type: 'image', filename: '通报.png', totalSize: png.length, totalChunks: 3 });
    expect(up.md5).toBe(createHash('md5').update(png).digest('hex'));
    expect([...up.chunkIndexes].sort()).toEqual([0, 1, 2]);
    expect(Math.max(...up.chunkSizes)).toBe(512 * 1024);
    expect(up.data!.equals(png)).toBe(true);
    expect(env.gateway.sends('wrGroup01').at(-1)).toMatchObject({ msgtype: 'image', mediaId });
  });

  it('refuses an image over 2 MB before uploading anything', async () => {
    const before = env.gateway.uploads().length;
    await expect(
      h.sender.uploadMedia(randomBytes(2 * 1024 * 1024 + 1), { type: 'image', filename: 'big.png' }),
    ).rejects.toMatchObject({ code: 'media_too_large' });
    expect(env.gateway.uploads()).toHaveLength(before);
  });

  it('reports the gateway refusing an oversize image with its errcode', async () => {
    // A sender that believes images may be 10 MB: WeCom's own check answers at init.
    const lax = new AibotSender({
      connection: h.connection,
      limiter: h.limiter,
      log: createLogger('silent'),
      mediaLimits: { image: 10 << 20, voice: 2 << 20, video: 10 << 20, file: 20 << 20 },
    });
    await expect(
      lax.uploadMedia(randomBytes(2 * 1024 * 1024 + 1), { type: 'image', filename: 'big.png' }),
    ).rejects.toMatchObject({ code: 'wecom_api_error', errcode: GATEWAY_ERR.imageSize });
    expect(env.gateway.results('aibot_upload_media_init').at(-1)?.errcode).toBe(GATEWAY_ERR.imageSize);
  });

  it('uploads a workbook as a file and posts it', async () => {
    const xlsx = randomBytes(600 * 1024);
    const mediaId = await h.sender.sendFile('wrGroup01', xlsx, '统计台账-2021-08.xlsx');
    const up = env.gateway.uploads().find((u) => u.mediaId === mediaId)!;
    expect(up).toMatchObject({ type: 'file', totalChunks: 2 });
    expect(up.data!.equals(xlsx)).toBe(true);
    expect(env.gateway.sends('wrGroup01').at(-1)).toMatchObject({ msgtype: 'file', mediaId });
  });

  it('reports an unknown media id as refused', async () => {
    await expect(h.sender.sendMedia('wrGroup01', 'image', 'media_unknown')).rejects.toMatchObject({
      code: 'wecom_api_error',
      errcode: GATEWAY_ERR.mediaId,
    });
  });

  it('says the connection is not open when the instance does not hold it', async () => {
    const idle = env.holder({ start: false });
    await expect(idle.sender.sendMarkdown('wrGroup01', '日报')).rejects.toMatchObject({
      code: 'aibot_not_connected',
    });
  });
});
