import { Injectable } from '@nestjs/common';
import { JOB_DURATION_BUCKETS, Metrics } from '@mcp-hub/http';
import type { WorkQueue } from '@mcp-hub/queue';

/** The runtime's figures on /metrics: queue depth per state, job durations, inspections and probes by outcome. */
@Injectable()
export class RuntimeMetrics {
  private readonly durations;
  private readonly inspections;
  private readonly checks;

  constructor(private readonly metrics: Metrics) {
    this.durations = metrics.histogram(
      'hub_queue_job_duration_seconds',
      'How long background jobs took, per queue and outcome',
      ['queue', 'outcome'],
      JOB_DURATION_BUCKETS,
    );
    this.inspections = metrics.counter('hub_runtime_inspections_total', 'Inspections finished, by status', ['status']);
    this.checks = metrics.counter('hub_runtime_health_checks_total', 'Health probes of remotes, by outcome', [
      'status',
    ]);
  }

  /** Reports this queue's depth at every scrape. */
  watch(queue: WorkQueue<unknown>): void {
    this.metrics.gauge('hub_queue_jobs', 'Jobs per queue and state', ['queue', 'state'], async (g) => {
      const c = await queue.counts();
      for (const [state, n] of Object.entries(c)) g.set({ queue: queue.name, state }, n);
    });
  }

  /** Runs a job, timing it as completed or failed (and rethrowing, so the queue retries). */
  async timed<T>(queue: string, run: () => Promise<T>): Promise<T> {
    const end = this.durations.startTimer({ queue });
    try {
      const value = await run();
      end({ outcome: 'completed' });
      return value;
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  }

  inspected(status: string): void {
    this.inspections.inc({ status });
  }

  probed(status: string): void {
    this.checks.inc({ status });
  }
}
