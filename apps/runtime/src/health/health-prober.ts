import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { DEFAULT_INSPECTION_LIMITS, diffTools, isEmptyDiff } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { type WorkJob, type WorkQueue, createWorkQueue } from '@mcp-hub/queue';
import { RegistryReader } from '@mcp-hub/registry-port';
import { probeRemote } from '../inspection/remote/probe';
import { RuntimeMetrics } from '../runtime-metrics';
import { HealthRepository } from './health.repository';

export interface ProbeJob {
  serverName: string;
  version: string;
  url: string;
  type: 'streamable-http' | 'sse';
}

const DAY = 24 * 3_600_000;

/**
 * Probes every active remote once per HUB_HEALTH_INTERVAL (connect + handshake + tools/list), its
 * probes spread over the interval with jitter, through a queue (so several worker processes share
 * the work: a remote's probe in one interval slot is one job id). Each probe is stored with its
 * hour's rollup; a tool list that differs from the last one of the same version is a drift event.
 */
@Injectable()
export class HealthProber implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('runtime');
  readonly queue: WorkQueue<ProbeJob>;
  private timers = new Set<NodeJS.Timeout>();
  private cycle?: NodeJS.Timeout;
  private closed = false;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly registry: RegistryReader,
    private readonly repo: HealthRepository,
    private readonly clock: Clock,
    private readonly metrics: RuntimeMetrics,
  ) {
    this.queue = createWorkQueue<ProbeJob>({
      name: 'runtime-health',
      // Probes wait on the network, not the CPU: many at once cost little.
      concurrency: Math.max(8, config.runtime.concurrency * 8),
      attempts: 1,
      redisUrl: config.redisUrl,
      prefix: config.redisKeyPrefix,
      stalledMs: config.runtime.queueStalledMs,
      onError: (err) => this.logger.warn(`health queue: ${(err as Error).message}`),
    });
    metrics.watch(this.queue);
  }

  onApplicationBootstrap(): void {
    if (!this.config.runtime.worker) return;
    this.queue.process((job) => this.metrics.timed(this.queue.name, () => this.probe(job)));
    void this.runCycle();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.cycle);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.queue.close();
  }

  /** One interval: every remote queued once, at a random moment within the first 80 % of it. */
  async runCycle(): Promise<void> {
    const every = this.config.runtime.healthIntervalMs;
    try {
      const now = this.clock.now();
      const slot = Math.floor(now.getTime() / every);
      const versions = await this.registry.latestWithRemotes();
      for (const v of versions) {
        for (const r of v.remotes) {
          if (r.type !== 'streamable-http' && r.type !== 'sse') continue;
          const job: ProbeJob = { serverName: v.serverName, version: v.version, url: r.url, type: r.type };
          const t = setTimeout(
            () => {
              this.timers.delete(t);
              if (this.closed) return;
              this.queue
                .add(`health ${v.serverName} ${r.url} ${slot}`, job)
                .catch((err: unknown) =>
                  this.logger.warn(`could not queue a probe of ${r.url}: ${(err as Error).message}`),
                );
            },
            Math.random() * every * 0.8,
          );
          t.unref();
          this.timers.add(t);
        }
      }
      await this.repo.prune(new Date(now.getTime() - 7 * DAY), new Date(now.getTime() - 90 * DAY));
    } catch (err) {
      this.logger.warn(`health cycle failed, next one in ${every} ms: ${(err as Error).message}`);
    }
    if (this.closed) return;
    this.cycle = setTimeout(() => void this.runCycle(), every * (0.9 + Math.random() * 0.2));
    this.cycle.unref();
  }

  async probe(job: WorkJob<ProbeJob> | { data: ProbeJob }): Promise<void> {
    const { serverName, version, url, type } = job.data;
    const result = await probeRemote(
      { type, url },
      {
        limits: { ...DEFAULT_INSPECTION_LIMITS, timeoutMs: Math.min(this.config.runtime.timeoutMs, 15_000) },
        allowPrivateNetworks: this.config.runtime.allowPrivateNetworks,
      },
    );
    const at = this.clock.now();
    this.metrics.probed(result.status);
    await this.repo.record({
      serverName,
      url,
      status: result.status,
      latencyMs: result.latencyMs,
      error: result.error,
      at,
    });
    if (!result.toolsFingerprint || !result.tools) return;
    const tools = Object.fromEntries(result.tools.map((t) => [t.name, t.fingerprint]));
    const state = { version, toolsFingerprint: result.toolsFingerprint, tools };
    const before = await this.repo.toolState(serverName, url);
    if (!before || before.version !== version) {
      // First sight of this remote, or a new version: the new baseline, not drift.
      await this.repo.saveToolState(serverName, url, state, undefined, at);
      return;
    }
    if (before.toolsFingerprint === state.toolsFingerprint) return;
    const diff = diffTools(before.tools, tools);
    if (isEmptyDiff(diff)) return;
    this.logger.warn(`tools of ${serverName} at ${url} changed without a new version: ${JSON.stringify(diff)}`);
    await this.repo.saveToolState(serverName, url, state, { previousFingerprint: before.toolsFingerprint, diff }, at);
  }
}
