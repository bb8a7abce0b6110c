import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceModel } from '../../models/evidence.model.ts';
import type { FixedClock } from '../../src/clock.ts';
import { EVIDENCE_FILES } from '../../src/data/evidence.ts';
import { currentReports } from '../helpers/current-reports.ts';
import { HEBA, only, type ReportBot, SILK, startReportBot } from './harness.ts';

// Two small distinct "photos" (PNG signature + payload); WeCom serves them from short-lived URLs.
const PHOTO_A = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('site photo A, 贺巴 K12')]);
const PHOTO_B = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('site photo B')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let bot: ReportBot;
let clock: FixedClock;
let server: Server;
let base: string;
let fetched = 0;

beforeAll(async () => {
  ({ bot, clock } = await startReportBot());
  server = createServer((req, res) => {
    fetched += 1;
    const body = req.url === '/a.png' ? PHOTO_A : req.url === '/b.png' ? PHOTO_B : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('photo evidence', () => {
  it('asks for the report first when the sender has no recent report', async () => {
    const reply = only(await bot.image('zhangwei', [`${base}/a.png`]));
    expect(reply).toContain('请先发送进度');
    expect(await EvidenceModel.countDocuments()).toBe(0);
  });

  it('fetches the image at once, stores its bytes and attaches it to the last report', async () => {
    await bot.say('zhangwei', '进度 贺巴 本月完成投资1200万元，累计完成3.2亿元');
    clock.advance(10 * 60_000);
    const before = fetched;
    const reply = only(await bot.image('zhangwei', [`${base}/a.png`]));
    expect(fetched).toBe(before + 1);
    expect(reply).toContain('已附图片至贺巴高速公路(忻城段) 2021年8月进度报送');

    const [report] = await currentReports(HEBA, '2021-08');
    expect(report!.evidence).toHaveLength(1);
    expect(report!.evidence[0]).toMatchObject({ sha256: sha(PHOTO_A), mime: 'image/png', reused: false });
    const file = await mongoose.connection.collection(EVIDENCE_FILES).findOne({ _id: sha(PHOTO_A) as never });
    expect(Buffer.from((file!.data as { buffer: Uint8Array }).buffer).equals(PHOTO_A)).toBe(true);
    const ev = await EvidenceModel.findOne({ sha256: sha(PHOTO_A) }).lean();
    expect(ev).toMatchObject({ projectCode: HEBA, reporterId: 'zhangwei' });
    expect(String(ev!.firstReportId)).toBe(String(report!._id));
  });

  it('flags a picture already used for another report', async () => {
    await bot.say('office1', '进度 茧丝绸产业园 本月完成投资500万元');
    const reply = only(await bot.image('office1', [`${base}/a.png`]));
    expect(reply).toContain('该图片此前已用于贺巴高速公路(忻城段) 2021年8月进度报送（张伟');
    expect(reply).toContain('请核实');
    const [report] = await currentReports(SILK, '2021-08');
    expect(report!.evidence[0]).toMatchObject({ sha256: sha(PHOTO_A), reused: true });

    const fresh = only(await bot.image('office1', [`${base}/b.png`]));
    expect(fresh).toContain('已附图片至三江口(忻城)茧丝绸产业园 2021年8月进度报送');
  });

  it('does not attach after 30 minutes, and ignores pictures in a group', async () => {
    clock.advance(31 * 60_000);
    expect(only(await bot.image('office1', [`${base}/b.png`]))).toContain('请先发送进度');
    expect(
      await bot.image('zhangwei', [`${base}/b.png`], { chatType: 'group', chatId: 'chat-projects' }),
    ).toEqual([]);
  });
});
