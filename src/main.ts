/** `npm start`: the bot server on the configured (or embedded) stores. */
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { createAppLogger, scrubText } from './logger.ts';
import { createRuntime } from './runtime.ts';
import { resolveStore } from './store/resolve-store.ts';
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

  const store = await resolveStore(config, print);
  print(store.description);

  const runtime = await createRuntime({ config, log, mongoUri: store.uri });
  runtime.onStop(store.stop);
  await wireBot(runtime);
  print(`Redis: ${config.REDIS_URL.replace(/\/\/[^@/]*@/, '//***@')}`);
  const port = await runtime.listen();
  const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  print(`${config.BOT_NAME} listening on ${base}`);
  print(
    `  callback: ${base}/wecom/callback${config.wecomConfigured ? '' : ' (set WECOM_TOKEN and WECOM_ENCODING_AES_KEY to enable)'}`,
  );
  print(
    `  long connection: ${config.aibotWsConfigured ? `${config.WECOM_AIBOT_WS_URL} (bot ${config.WECOM_AIBOT_ID})` : 'off (set WECOM_AIBOT_ID and WECOM_AIBOT_SECRET to enable)'}`,
  );
  print(`  health:   ${base}/healthz  ${base}/readyz`);

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
    await runtime.stop();
    print('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
  // Never the raw object: an HTTP client error carries its request, URL and all.
  else console.error(scrubText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  process.exit(1);
});
