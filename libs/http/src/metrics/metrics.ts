import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Request latencies of an API: 1 ms to 10 s. Cached reads land in the first buckets, search and
 * publish in the middle ones, and anything past 10 s is a problem whatever its exact figure.
 */
export const HTTP_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Background jobs (an inspection fetches a package and runs it under a 30 s limit): 50 ms to 5 min. */
export const JOB_DURATION_BUCKETS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Fills a gauge just before a scrape reads it (queue depth is asked of the queue, not tracked). */
export type GaugeCollector<L extends string> = (gauge: Gauge<L>) => void | Promise<void>;

/** A collector that takes longer than this is skipped for the scrape, which then answers with the last values. */
export const COLLECT_TIMEOUT_MS = 2000;

type Kind = 'counter' | 'gauge' | 'histogram';

interface Entry {
  kind: Kind;
  labelNames: string;
  buckets?: string;
  metric: Counter<string> | Gauge<string> | Histogram<string>;
  collectors?: GaugeCollector<string>[];
}

/**
 * Metrics of one Hub instance, in Prometheus text format at GET /metrics.
 *
 * Each instance has a registry of its own, never prom-client's global one: tests boot several
 * Hubs in one process, and each must count only its own requests. Process metrics (CPU, memory,
 * event loop, GC; `hub_process_*`, `hub_nodejs_*`) are the process's, so they are collected once
 * per process into a registry shared by every instance: prom-client's GC observer and event-loop
 * monitor cannot be stopped, and one per instance would keep every closed Hub's registry alive.
 *
 * Registration is idempotent: asking again for a name returns the same metric, so a service can
 * register in its constructor however many times it is built. Asking for a name with another
 * type, other labels or other buckets is a programming error and throws at boot.
 *
 * The names, so that dashboards can rely on them (all `hub_` prefixed; the prefix is enforced):
 * - `hub_http_request_duration_seconds{method,route,status}` histogram — every HTTP response;
 *   `route` is the matched pattern (`/v0.1/servers/:serverName`), `unmatched` for a 404 without one
 *   (installHttpMetrics).
 * - `hub_queue_jobs{queue,state}` gauge with a collector — jobs per state (waiting, active,
 *   delayed, failed) asked of each queue at scrape time; one collector per queue.
 * - `hub_queue_job_duration_seconds{queue,outcome}` histogram (JOB_DURATION_BUCKETS) — outcome
 *   `completed` | `failed`.
 * - `hub_runtime_inspections_total{status}` counter — status as stored: ok, needs-config,
 *   needs-auth, unsupported, failed, timeout.
 * - `hub_runtime_health_checks_total{status}` counter — up, down, degraded.
 * - `hub_metrics_collect_errors_total{metric}` counter — a gauge collector threw or timed out.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly entries = new Map<string, Entry>();
  private readonly logger = new Logger('metrics');
  private readonly collectErrors: Counter<'metric'>;

  constructor() {
    this.collectErrors = this.counter(
      'hub_metrics_collect_errors_total',
      'Gauge collectors that threw or timed out during a scrape; their gauges kept their last values.',
      ['metric'],
    );
  }

  /** The Content-Type of what render() returns (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.register(name, 'counter', labelNames, undefined, () => ({
      metric: new Counter<L>({ name, help, labelNames, registers: [this.registry] }),
    })).metric as Counter<L>;
  }

  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets: readonly number[] = HTTP_DURATION_BUCKETS,
  ): Histogram<L> {
    return this.register(name, 'histogram', labelNames, buckets, () => ({
      metric: new Histogram<L>({ name, help, labelNames, buckets: [...buckets], registers: [this.registry] }),
    })).metric as Histogram<L>;
  }

  /**
   * A gauge, set directly or filled by `collect` just before each scrape. Every caller's
   * collector is kept (one per queue feeding `hub_queue_jobs`); they run together, and one that
   * throws or hangs costs only its own values, never the scrape.
   */
  gauge<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: GaugeCollector<L>,
  ): Gauge<L> {
    const entry = this.register(name, 'gauge', labelNames, undefined, () => {
      return { metric: new Gauge<L>({ name, help, labelNames, registers: [this.registry] }), collectors: [] };
    });
    if (collect) entry.collectors!.push(collect as GaugeCollector<string>);
    return entry.metric as Gauge<L>;
  }

  /**
   * This instance's metrics and the process's, in Prometheus text format. Collectors run first
   * (here rather than in prom-client's per-metric collect), so a collector's failure is counted
   * in the same scrape.
   */
  async render(): Promise<string> {
    const runs: Promise<void>[] = [];
    for (const [name, entry] of this.entries)
      for (const collect of entry.collectors ?? []) runs.push(this.runCollector(name, collect, entry.metric as Gauge));
    await Promise.all(runs);
    const [own, shared] = await Promise.all([this.registry.metrics(), processRegistry().metrics()]);
    return `${own}\n${shared}`;
  }

  private register(
    name: string,
    kind: Kind,
    labelNames: readonly string[],
    buckets: readonly number[] | undefined,
    create: () => Pick<Entry, 'metric' | 'collectors'>,
  ): Entry {
    const labels = [...labelNames].sort().join(',');
    const bucketKey = buckets?.join(',');
    const known = this.entries.get(name);
    if (known) {
      if (known.kind !== kind || known.labelNames !== labels || known.buckets !== bucketKey)
        throw new Error(
          `Metric ${name} is already registered as a ${known.kind} with labels [${known.labelNames}]` +
            `${known.buckets ? ` and buckets [${known.buckets}]` : ''}; asked for a ${kind} with labels [${labels}]` +
            `${bucketKey ? ` and buckets [${bucketKey}]` : ''}.`,
        );
      return known;
    }
    if (!/^hub_[a-z0-9_]+$/.test(name))
      throw new Error(`Metric name ${name} must be hub_ followed by lower-case letters, digits and underscores.`);
    if (processRegistry().getSingleMetric(name)) throw new Error(`Metric name ${name} is a process metric.`);
    const entry: Entry = {
      kind,
      labelNames: labels,
      ...(bucketKey === undefined ? {} : { buckets: bucketKey }),
      ...create(),
    };
    this.entries.set(name, entry);
    return entry;
  }

  private async runCollector(name: string, collect: GaugeCollector<string>, gauge: Gauge) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => collect(gauge)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.collectErrors.inc({ metric: name });
      this.logger.warn(`Collecting ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The process's registry, kept on globalThis rather than in this module: a process that loads this
 * module more than once (Jest gives every test file a fresh module registry) must still start the GC
 * observer and event-loop monitor once, or each load's observers would pin that load's whole module
 * graph in memory for good.
 */
const PROCESS_METRICS = Symbol.for('mcp-hub.metrics.process-registry');

/** Created on first use: importing this file starts no observers. */
function processRegistry(): Registry {
  const store = globalThis as { [PROCESS_METRICS]?: Registry };
  let registry = store[PROCESS_METRICS];
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'hub_' });
    store[PROCESS_METRICS] = registry;
  }
  return registry;
}
