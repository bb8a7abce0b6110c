/** The echo baseline as its own process: `node --import tsx scripts/bench/echo-main.ts PORT TOKEN AES_KEY`. */
import { startEchoBaseline } from './baseline.ts';

const [port, token, aesKey] = process.argv.slice(2);
if (!port || !token || !aesKey) throw new Error('usage: echo-main.ts PORT TOKEN AES_KEY');
const echo = await startEchoBaseline({ token, aesKey, port: Number(port) });
console.log(`echo baseline listening on ${echo.base}`);
process.once('SIGTERM', () => {
  void echo.close().then(() => process.exit(0));
});
