/**
 * The sandbox (BOT_SANDBOX=1): a local page that plays a WeCom group, so the bot can be tried before
 * any WeCom tenant is configured. It talks to the bot only the way WeCom does — encrypted callbacks
 * to /wecom/callback, or, given the fake 智能机器人 gateway (`npm run sandbox -- --long-connection`),
 * frames over the bot's long connection — and WeCom's outbound API is replaced by the loopback fake
 * the tests use, so nothing the sandbox makes the bot say leaves the machine.
 */
import type { AibotGateway } from '../../test/fake-wecom/aibot-gateway.ts';
import type { Config } from '../config.ts';
import type { Runtime } from '../runtime.ts';
import type { Bot } from '../wiring.ts';

export interface Sandbox {
  /** The bot's config with WECOM_API_BASE pointed at the in-process fake; give it to the outbound queue. */
  config: Config;
  /** Adds the page and its API to the runtime's router once the bot is wired. */
  mount(bot: Bot): void;
}

export const SANDBOX_PATH = '/sandbox';

export interface SandboxOptions {
  /** The fake long-connection gateway the bot's WECOM_AIBOT_WS_URL points at: the page speaks through it. */
  gateway?: AibotGateway;
}

export async function startSandbox(runtime: Runtime, opts: SandboxOptions = {}): Promise<Sandbox> {
  // Loaded only when the sandbox is on: a production install never touches the test fakes.
  const { startFakeWecomApi } = await import('../../test/fake-wecom/api-server.ts');
  const { mountSandboxRoutes } = await import('./routes.ts');
  const api = await startFakeWecomApi({ limitPerMinute: 20 });
  runtime.onStop(() => api.close());
  const config: Config = Object.freeze({ ...runtime.config, WECOM_API_BASE: api.base });
  if (!config.wecomConfigured && !opts.gateway) {
    runtime.log.warn(
      'BOT_SANDBOX is on but WECOM_TOKEN / WECOM_ENCODING_AES_KEY are not set: the page cannot send callbacks (use npm run sandbox)',
    );
  }
  return {
    config,
    mount: (bot) => mountSandboxRoutes({ runtime, config, api, bot, gateway: opts.gateway }),
  };
}
