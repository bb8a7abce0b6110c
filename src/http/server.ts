import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { asAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

export type HealthProbe = () => Promise<Record<string, boolean>>;
/** More to say in /readyz without deciding readiness (the outbound backlog, broken webhooks). */
export type ReadyDetail = () => Promise<Record<string, unknown>>;
/** One more condition of readiness, by name (the long connection when it is the only way in). */
export type ReadyCheck = () => Promise<boolean>;

/** A detail that does not answer in this time is reported as unavailable: /readyz must stay fast. */
const DETAIL_TIMEOUT_MS = 1_500;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Koa app with logging, a last-resort error boundary (no stack trace ever reaches a client),
 * /healthz, /readyz and /metrics. Receivers and other features add their routes to `router`.
 */
export function createHttpApp(deps: {
  log: Logger;
  ready: HealthProbe;
  metrics?: Metrics;
  /** Read on each /readyz; features add theirs with `addReadyDetail`. */
  details?: ReadyDetail[];
}): {
  app: Koa;
  router: Router;
  addReadyDetail(detail: ReadyDetail): void;
  addReadyCheck(name: string, check: ReadyCheck): void;
} {
  const app = new Koa();
  const router = new Router();
  const details = deps.details ?? [];
  const checks = new Map<string, ReadyCheck>();
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
      deps.metrics?.errors.inc({ source: 'http', code: e.code });
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
    const results: Record<string, boolean> = await deps.ready();
    for (const [name, check] of checks) {
      results[name] = Boolean(
        await withTimeout(
          check().catch(() => false),
          DETAIL_TIMEOUT_MS,
        ),
      );
    }
    const ok = Object.values(results).every(Boolean);
    const extra: Record<string, unknown> = {};
    for (const detail of details) {
      const got = await withTimeout(
        detail().catch(() => undefined),
        DETAIL_TIMEOUT_MS,
      );
      if (got) Object.assign(extra, got);
    }
    ctx.status = ok ? 200 : 503;
    ctx.body = { ok, ...results, ...extra };
  });
  if (deps.metrics) {
    const { registry } = deps.metrics;
    router.get('/metrics', async (ctx) => {
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
    });
  }

  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on('error', () => {
    // Logged by the boundary above; Koa's default handler would print stacks to stderr.
  });
  return {
    app,
    router,
    addReadyDetail: (d) => details.push(d),
    addReadyCheck: (name, check) => checks.set(name, check),
  };
}
