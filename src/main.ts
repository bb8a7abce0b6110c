/**
 * `npm start`: the bot server on the configured (or embedded) stores. `npm start` execs node on the
 * compiled dist/src/main.js, so SIGTERM and SIGINT reach this process directly.
 */
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { createAppLogger, scrubText } from './logger.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { disconnectMongo } from './store/mongo.ts';
import { checkRedis } from './store/redis.ts';
import { type ResolvedStore, resolveStore } from './store/resolve-store.ts';
import { wireBot } from './wiring.ts';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createAppLogger(config);
  const print = (line: string) => console.log(line);

  // Handlers from the start, so a signal during start-up also stops whatever has started.
  const started: { store?: ResolvedStore; runtime?: Runtime } = {};
  const stopStarted = async () => {
    await started.runtime?.stop().catch(() => {});
    await disconnectMongo().catch(() => {});
    // After the connections are closed, so the embedded store sees its last client gone.
    await started.store?.stop().catch(() => {});
  };
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`${signal} received, finishing in-flight work...`);
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 20 s; exiting.');
      process.exit(1);
    }, 20_000);
    force.unref();
    await stopStarted();
    print('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Redis first: it takes milliseconds to check, while building or starting the store can take minutes.
  await checkRedis(config.REDIS_URL);

  let port: number;
  try {
    const store = await resolveStore(config, print);
    started.store = store;
    print(store.description);
    const runtime = await createRuntime({ config, log, mongoUri: store.uri });
    started.runtime = runtime;
    await wireBot(runtime);
    print(`Redis: ${config.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}`);
    port = await runtime.listen();
  } catch (err) {
    // A failed start leaves nothing running: what it started is stopped before the error is shown.
    if (!stopping) await stopStarted();
    throw err;
  }
  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  print(`${config.BOT_NAME} listening on ${base}`);
  print(
    `  callback: ${base}/wecom/callback${config.wecomConfigured ? '' : ' (set WECOM_TOKEN and WECOM_ENCODING_AES_KEY to enable)'}`,
  );
  print(
    `  long connection: ${config.aibotWsConfigured ? `${config.WECOM_AIBOT_WS_URL} (bot ${config.WECOM_AIBOT_ID})` : 'off (set WECOM_AIBOT_ID and WECOM_AIBOT_SECRET to enable)'}`,
  );
  print(`  health:   ${base}/healthz  ${base}/readyz`);
}

main().catch((err) => {
  if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
  else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE')
    console.error(`port_in_use: ${(err as Error).message}`);
  // Never the raw object: an HTTP client error carries its request, URL and all.
  else console.error(scrubText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  process.exit(1);
});
