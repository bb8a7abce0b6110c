/**
 * Prometheus metrics of one bot process, served at /metrics. One registry per runtime, passed to
 * whoever counts (no global default registry): two runtimes in one test process count apart.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Messages accepted (duplicates not counted), by channel: robot | aibot (callbacks) | aibot-ws (long connection). */
  messagesIn: Counter<'channel'>;
  /** Answers to messages, by how they went: sync (callback response) | webhook (queued) | long-connection. */
  answers: Counter<'mode'>;
  /** Scheduled or manual job runs, by job and outcome (done, already-done, not-due, busy, failed). */
  jobRuns: Counter<'job' | 'outcome'>;
  /** Failures worth a look, by where they happened and their error code. */
  errors: Counter<'source' | 'code'>;
  /** Tells the registry how to read the outbound queue's depth (read on each scrape). */
  watchQueueDepth(read: () => Promise<number>): void;
  /** Tells the registry how to read the long connection's state (read on each scrape). */
  watchLongConnection(read: () => LongConnectionReading): void;
}

/** The long connection's state as metrics read it (src/wecom/aibot-ws/state.ts). */
export interface LongConnectionReading {
  status: string;
  holder: boolean;
  counters: Record<string, number>;
}

export const LONG_CONNECTION_STATES = ['connected', 'connecting', 'disconnected', 'standby'] as const;

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'xmdd_' });
  let readDepth: (() => Promise<number>) | undefined;
  let readConnection: (() => LongConnectionReading) | undefined;
  new Gauge({
    name: 'xmdd_aibot_ws_state',
    help: 'The 智能机器人 long connection: 1 for its current state (standby: another instance holds it)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!readConnection) return;
      const { status } = readConnection();
      for (const state of LONG_CONNECTION_STATES) this.set({ state }, state === status ? 1 : 0);
    },
  });
  new Gauge({
    name: 'xmdd_aibot_ws_holder',
    help: '1 when this instance holds the long connection (its Redis lease)',
    registers: [registry],
    collect() {
      if (readConnection) this.set(readConnection().holder ? 1 : 0);
    },
  });
  new Counter({
    name: 'xmdd_aibot_ws_events_total',
    help: 'Long-connection events in this process: connects, reconnects, framesReceived, leaseTaken, leaseLost, replaced',
    labelNames: ['event'],
    registers: [registry],
    collect() {
      if (!readConnection) return;
      this.reset();
      for (const [event, n] of Object.entries(readConnection().counters)) this.inc({ event }, n);
    },
  });
  new Gauge({
    name: 'xmdd_outbound_queue_depth',
    help: 'Outbound WeCom messages not yet sent (waiting, delayed or being sent)',
    registers: [registry],
    async collect() {
      if (!readDepth) return;
      try {
        this.set(await readDepth());
      } catch {
        // Redis unreachable: leave the last value; /readyz says why.
      }
    },
  });
  return {
    registry,
    messagesIn: new Counter({
      name: 'xmdd_messages_in_total',
      help: 'Messages received from WeCom (callbacks and the long connection), by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
    answers: new Counter({
      name: 'xmdd_answers_total',
      help: 'Answers to messages, by mode: sync (callback response) or webhook (outbound queue)',
      labelNames: ['mode'],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'xmdd_job_runs_total',
      help: 'Job runs, by job and outcome',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'xmdd_errors_total',
      help: 'Errors, by source (http, dispatch, outbound, job) and error code',
      labelNames: ['source', 'code'],
      registers: [registry],
    }),
    watchQueueDepth(read) {
      readDepth = read;
    },
    watchLongConnection(read) {
      readConnection = read;
    },
  };
}
