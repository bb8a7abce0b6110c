/**
 * Mounts the WeCom callback endpoints (design.md "HTTP endpoints") on the runtime's router:
 * GET/POST /wecom/callback (group robot) and GET/POST /wecom/aibot (智能机器人).
 */
import type Router from '@koa/router';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { InboundPipeline } from '../inbound/pipeline.ts';
import { messageHandler, verifyUrlHandler } from './receiver.ts';

export const CALLBACK_PATH = '/wecom/callback';
export const AIBOT_PATH = '/wecom/aibot';

export function mountWecom(deps: {
  router: Router;
  config: Config;
  clock: Clock;
  pipeline: InboundPipeline;
}): void {
  const { router } = deps;
  router.get(CALLBACK_PATH, verifyUrlHandler(deps, 'robot'));
  router.post(CALLBACK_PATH, messageHandler(deps, 'robot'));
  router.get(AIBOT_PATH, verifyUrlHandler(deps, 'aibot'));
  router.post(AIBOT_PATH, messageHandler(deps, 'aibot'));
}
