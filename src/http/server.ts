import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { asAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export type HealthProbe = () => Promise<Record<string, boolean>>;

/**
 * The Koa app with logging, a last-resort error boundary (no stack trace ever reaches a client),
 * /healthz and /readyz. Receivers and other features add their routes to `router`.
 */
export function createHttpApp(deps: { log: Logger; ready: HealthProbe }): { app: Koa; router: Router } {
  const app = new Koa();
  const router = new Router();
  app.proxy = true;

  app.use(async (ctx, next) => {
    const started = performance.now();
    const reqId = randomUUID().slice(0, 8);
    ctx.state.log = deps.log.child({ reqId });
    try {
      await next();
    } catch (err) {
      const e = asAppError(err);
      ctx.state.log.error({ err, code: e.code }, 'request failed');
      ctx.status = e.status >= 400 && e.status < 600 ? e.status : 500;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = e.expose ? e.message : ctx.status === 500 ? 'internal error' : e.code;
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      // The query string is left out: it carries signatures and, for some endpoints, keys.
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'http');
    }
  });

  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/readyz', async (ctx) => {
    const checks = await deps.ready();
    const ok = Object.values(checks).every(Boolean);
    ctx.status = ok ? 200 : 503;
    ctx.body = { ok, ...checks };
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on('error', () => {
    // Logged by the boundary above; Koa's default handler would print stacks to stderr.
  });
  return { app, router };
}
