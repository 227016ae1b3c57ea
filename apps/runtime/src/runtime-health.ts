import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type HealthCheck, HealthIndicators } from '@mcp-hub/http';
import { Inspector } from './inspection/inspector';
import { InspectionJobs } from './jobs/inspection-jobs';

/** The runtime's line on /healthz: whether this process inspects, in which sandbox, and the queue's depth. */
@Injectable()
export class RuntimeHealth {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly inspector: Inspector,
    private readonly jobs: InspectionJobs,
    health: HealthIndicators,
  ) {
    health.register('runtime', () => this.check());
  }

  private async check(): Promise<HealthCheck> {
    if (!this.config.runtime.worker)
      return { status: 'ok', detail: 'the runtime worker is off in this process (HUB_RUNTIME=off)' };
    // /healthz never waits for the sandbox's trial run: the worker starts it at boot.
    const sandbox = this.inspector.sandboxIfKnown ?? { kind: 'detecting' as const };
    const counts = await this.jobs.queue.counts().catch(() => undefined);
    const pending = counts ? counts.waiting + counts.active + counts.delayed : undefined;
    if (!counts) return { status: 'degraded', detail: 'the inspection queue cannot be reached', sandbox: sandbox.kind };
    if (sandbox.kind === 'unavailable') {
      return { status: 'degraded', detail: sandbox.reason, sandbox: sandbox.kind, pending, failed: counts.failed };
    }
    return { status: 'ok', sandbox: sandbox.kind, pending, failed: counts.failed };
  }
}
