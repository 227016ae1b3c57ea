import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type HealthCheck, HealthIndicators } from '@mcp-hub/http';
import { MirrorService } from './mirror.service';

/** First retry after a failure; doubles per consecutive failure, capped at the poll interval. */
const BACKOFF_BASE_MS = 5_000;

/**
 * Runs the mirror inside the Registry service: seeds an empty registry from HUB_SEED_FILE at
 * boot, then syncs with HUB_UPSTREAM_URL right away and every HUB_UPSTREAM_INTERVAL. When the
 * upstream is down the Hub keeps serving what it has, retries with capped exponential backoff and
 * jitter, and says so in /healthz and the logs. Run it in one process per database (set
 * HUB_UPSTREAM_URL=off on the others); concurrent runs are safe, only wasteful.
 */
@Injectable()
export class MirrorWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('mirror');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly abort = new AbortController();
  private stopped = false;
  private nextAttemptAt?: Date;
  private syncing = false;

  constructor(
    private readonly mirror: MirrorService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    health: HealthIndicators,
  ) {
    health.register('upstream', () => this.health());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedFile && (await this.mirror.isEmpty())) {
      this.logger.log(`empty registry: seeding from ${this.config.seedFile}`);
      await this.mirror.importFile(this.config.seedFile);
    }
    if (this.config.upstream) this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextAttemptAt = new Date(Date.now() + delayMs);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const upstream = this.config.upstream!;
    this.syncing = true;
    try {
      await this.mirror.syncOnce(upstream.url, this.abort.signal);
      this.schedule(upstream.intervalMs * (0.9 + Math.random() * 0.2));
    } catch (err) {
      if (this.stopped) return;
      const failures = await this.mirror.recordFailure(upstream.url, err as Error).catch(() => 1);
      const delay = Math.min(upstream.intervalMs, BACKOFF_BASE_MS * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
      this.logger.warn(
        `sync with ${upstream.url} failed (${failures} in a row): ${(err as Error).message}; serving what we have, retrying in ${Math.round(delay / 1000)}s`,
      );
      this.schedule(delay);
    } finally {
      this.syncing = false;
    }
  }

  private async health(): Promise<HealthCheck> {
    if (!this.config.upstream) return { status: 'ok', detail: 'mirroring is off (HUB_UPSTREAM_URL=off)' };
    const state = await this.mirror.state(this.config.upstream.url);
    const failing = (state?.consecutiveFailures ?? 0) > 0;
    return {
      status: failing ? 'degraded' : 'ok',
      detail: failing
        ? `upstream unreachable or failing (${state!.consecutiveFailures} failed runs in a row); serving the mirrored data we have`
        : state?.lastSuccessAt
          ? 'in sync'
          : 'first sync pending',
      url: this.config.upstream.url,
      phase: state?.phase ?? 'crawl',
      syncing: this.syncing,
      lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
      consecutiveFailures: state?.consecutiveFailures ?? 0,
      nextAttemptAt: this.syncing ? null : (this.nextAttemptAt?.toISOString() ?? null),
      entriesApplied: state?.appliedTotal ?? 0,
      entriesSkipped: state?.skippedTotal ?? 0,
    };
  }
}
