/**
 * A bot instance that only holds the long connection, for the takeover test: configured from the
 * environment like the bot (WECOM_AIBOT_*, REDIS_URL, REDIS_KEY_PREFIX) with the production
 * timings, printing every state change as one JSON line so the test can kill it at the right moment.
 */
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { connectRedis } from '../../src/store/redis.ts';
import { createAibotWs } from '../../src/wecom/aibot-ws/index.ts';

const config = loadConfig();
const redis = await connectRedis(config.REDIS_URL);
const ws = createAibotWs({ config, redis, log: createLogger(config.LOG_LEVEL) });
if (!ws) throw new Error('WECOM_AIBOT_ID and WECOM_AIBOT_SECRET are required');
ws.connection.state.onChange((s) => console.log(JSON.stringify({ status: s.status, holder: s.holder })));
ws.connection.start();
process.on('SIGTERM', () => {
  void ws.connection.stop().then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
