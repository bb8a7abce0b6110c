/**
 * A bot process for the crash test: the real runtime with the WeCom channel wired as the lead wires
 * it, and a dispatch that, with --hang, never finishes "hang" messages (so the process can be killed
 * after the ack and before processing). Recovers pending messages at start-up.
 */
import { loadConfig } from '../../src/config.ts';
import { createInboundPipeline } from '../../src/inbound/pipeline.ts';
import { createLogger } from '../../src/logger.ts';
import { createOutbound } from '../../src/outbound/outbound.ts';
import { createRuntime } from '../../src/runtime.ts';
import { mountWecom } from '../../src/wecom/mount.ts';

const hang = process.argv.includes('--hang');
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const runtime = await createRuntime({ config, log, mongoUri: config.MONGODB_URI! });
const outbound = createOutbound({ config, log, clock: runtime.clock, data: runtime.data, retryBaseMs: 100 });
const pipeline = createInboundPipeline({
  config,
  log,
  clock: runtime.clock,
  redis: runtime.redis,
  data: runtime.data,
  outbound,
  dispatch: async (msg) => {
    const text = (msg.text ?? '').replace(/^@\S+\s+/, '');
    if (hang && text.startsWith('hang')) await new Promise(() => {});
    return [{ type: 'text', content: `已处理：${text}`, mentions: [msg.userId] }];
  },
});
mountWecom({ router: runtime.router, config, clock: runtime.clock, pipeline });
runtime.onStop(async () => {
  await pipeline.drain();
  await outbound.stop();
});
await outbound.start();
const port = await runtime.listen();
console.log(`recovered ${await pipeline.recoverPending()}`);
console.log(`listening on http://127.0.0.1:${port}`);
process.on('SIGTERM', () => void runtime.stop().then(() => process.exit(0)));
