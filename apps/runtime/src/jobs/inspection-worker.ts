import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type ChangeFeed, RegistryEvents, RegistryReader, subscribeToChanges } from '@mcp-hub/registry-port';
import { SYSTEM_VIEWER } from '../system-viewer';
import { CapabilitiesService } from '../capabilities/capabilities.service';
import { CapabilitiesRepository } from '../capabilities/capabilities.repository';
import { Inspector } from '../inspection/inspector';
import { type InspectJob, InspectionJobs } from './inspection-jobs';
import type { WorkJob } from '@mcp-hub/queue';
import { RuntimeMetrics } from '../runtime-metrics';

/**
 * The runtime's worker (HUB_RUNTIME=on): consumes the inspection queue, queues every new version
 * it hears of (registry events in this process, the Postgres change feed from others), and runs
 * the reconciler — at boot and every HUB_RUNTIME_RECONCILE_INTERVAL — which queues every version
 * that has no result yet, so a crash, a lost in-process queue or a missed event loses nothing.
 */
@Injectable()
export class InspectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('runtime');
  private unsubscribe?: () => void;
  private feed?: ChangeFeed;
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;
  private closed = false;
  /** Server names heard of in the last moment: a mirror page of 100 becomes one lookup, not 100. */
  private heard = new Set<string>();
  private heardTimer?: NodeJS.Timeout;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly jobs: InspectionJobs,
    private readonly registry: RegistryReader,
    private readonly events: RegistryEvents,
    private readonly capabilities: CapabilitiesService,
    private readonly repo: CapabilitiesRepository,
    private readonly inspector: Inspector,
    private readonly metrics: RuntimeMetrics,
  ) {
    metrics.watch(jobs.queue);
  }

  onApplicationBootstrap(): void {
    if (!this.config.runtime.worker) return;
    // Detect the sandbox now (a trial run), not on the first job or the first /healthz.
    void this.inspector.sandboxChoice();
    this.jobs.queue.process((job) => this.metrics.timed(this.jobs.queue.name, () => this.handle(job)));
    this.unsubscribe = this.events.onChange((c) => {
      if (c.kind !== 'visibility-changed') this.hear(c.serverName);
    });
    this.feed = subscribeToChanges(this.config.database, {
      onChange: (name) => (name ? this.hear(name) : void this.reconcile()),
      onState: (listening) => {
        if (listening) void this.reconcile();
      },
    });
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.heardTimer);
    this.unsubscribe?.();
    await this.feed?.close();
    await this.reconciling;
  }

  private hear(name: string): void {
    this.heard.add(name);
    this.heardTimer ??= setTimeout(() => {
      this.heardTimer = undefined;
      const names = [...this.heard];
      this.heard.clear();
      void this.queueNew(names);
    }, 100);
  }

  /** Queues every version of these servers that has no result yet. */
  private async queueNew(names: string[]): Promise<void> {
    if (this.closed) return;
    try {
      const versions = await this.registry.activeVersions(names);
      const have = await this.repo.inspectedKeys(names);
      await this.jobs.enqueueMany(
        versions.filter((v) => !have.has(`${v.serverName}\u0000${v.version}`)),
        'published',
      );
    } catch (err) {
      // The reconciler picks these up later; an event is never worth a crash.
      this.logger.warn(`could not queue inspections for ${names.join(', ')}: ${(err as Error).message}`);
    }
  }

  /** Queues every version without a result, latest versions first. */
  reconcile(): Promise<void> {
    this.reconciling ??= (async () => {
      try {
        const versions = await this.registry.activeVersions();
        const have = await this.repo.inspectedKeys();
        const missing = versions
          .filter((v) => !have.has(`${v.serverName}\u0000${v.version}`))
          .sort((a, b) => Number(b.isLatest) - Number(a.isLatest));
        if (missing.length > 0)
          this.logger.log(`reconciler: ${missing.length} version(s) have no inspection yet; queued`);
        await this.jobs.enqueueMany(missing, 'reconcile');
      } catch (err) {
        this.logger.warn(`reconciler run failed, will try again: ${(err as Error).message}`);
      }
    })().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private schedule(): void {
    if (this.closed) return;
    const every = this.config.runtime.reconcileIntervalMs;
    this.timer = setTimeout(
      () => void this.reconcile().finally(() => this.schedule()),
      every * (0.9 + Math.random() * 0.2),
    );
    this.timer.unref();
  }

  /**
   * One job: the version as the registry has it now (gone or deleted: nothing to do), inspected,
   * stored. The inspector never throws; a failed write throws and the queue retries the job.
   */
  private async handle(job: WorkJob<InspectJob>): Promise<void> {
    const { serverName, version } = job.data;
    const v = await this.registry.versionOf(serverName, version, SYSTEM_VIEWER);
    if (!v || v.status === 'deleted') return;
    const outcome = await this.inspector.inspect(v.serverJson);
    await this.capabilities.record(v.serverName, v.version, outcome);
    this.metrics.inspected(outcome.status);
    this.logger.log(
      `inspected ${serverName}@${version}: ${outcome.status}${outcome.reason ? ` (${outcome.reason})` : ''} in ${outcome.durationMs} ms`,
    );
  }
}
