import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type WorkQueue, createWorkQueue } from '@mcp-hub/queue';
import type { VersionRef } from '@mcp-hub/registry-port';

/** Why an inspection was queued (logged, and counted in metrics). */
export type InspectionCause = 'published' | 'reconcile' | 'requested';

export interface InspectJob extends VersionRef {
  cause: InspectionCause;
}

/**
 * The runtime's inspection queue: BullMQ on Redis when REDIS_URL is set (shared by every worker
 * process, survives restarts), in this process otherwise (lost on a crash: the reconciler
 * re-enqueues what has no result). A version's job id is its name and version, so the same
 * version queued by an event, the reconciler and another process is one job; an explicit request
 * gets its own id, so it runs even when a result exists.
 */
@Injectable()
export class InspectionJobs implements OnModuleDestroy {
  private readonly logger = new Logger('runtime');
  readonly queue: WorkQueue<InspectJob>;
  private requests = 0;

  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    this.queue = createWorkQueue<InspectJob>({
      name: 'runtime-inspect',
      concurrency: config.runtime.concurrency,
      attempts: 3,
      backoffMs: 2_000,
      redisUrl: config.redisUrl,
      prefix: config.redisKeyPrefix,
      stalledMs: config.runtime.queueStalledMs,
      onFailed: (job) =>
        this.logger.error(`inspection job ${job.id} failed after ${job.attempts} attempts: ${job.reason}`),
      onError: (err) => this.logger.warn(`inspection queue: ${(err as Error).message}`),
    });
  }

  static jobId(v: VersionRef): string {
    return `inspect ${v.serverName}@${v.version}`;
  }

  async enqueue(v: VersionRef, cause: InspectionCause): Promise<void> {
    const id =
      cause === 'requested'
        ? `${InspectionJobs.jobId(v)} request ${Date.now()}-${++this.requests}`
        : InspectionJobs.jobId(v);
    await this.queue.add(id, { serverName: v.serverName, version: v.version, cause });
  }

  async enqueueMany(versions: VersionRef[], cause: InspectionCause): Promise<void> {
    if (versions.length === 0) return;
    await this.queue.addMany(
      versions.map((v) => ({
        id: InspectionJobs.jobId(v),
        data: { serverName: v.serverName, version: v.version, cause },
      })),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
