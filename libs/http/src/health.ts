import { Injectable, Logger } from '@nestjs/common';

export interface HealthCheck {
  /**
   * ok: working; degraded: working with less (say why in `detail`); down: not working. /healthz
   * is public: `detail` is a short reason, never an error's text (that goes to the logs).
   */
  status: 'ok' | 'degraded' | 'down';
  detail?: string;
  [key: string]: unknown;
}

/**
 * Where services report their dependencies' state for `/healthz` (the upstream mirror, the
 * embedder, …). Only the database decides liveness; anything else can only degrade the Hub.
 */
@Injectable()
export class HealthIndicators {
  private readonly logger = new Logger('health');
  private readonly checks = new Map<string, () => HealthCheck | Promise<HealthCheck>>();

  register(name: string, check: () => HealthCheck | Promise<HealthCheck>): void {
    this.checks.set(name, check);
  }

  async collect(): Promise<Record<string, HealthCheck>> {
    const out: Record<string, HealthCheck> = {};
    for (const [name, check] of this.checks) {
      try {
        out[name] = await check();
      } catch (err) {
        // A failed query's message quotes its statement and parameters: logged, not answered.
        this.logger.error(`the ${name} health check failed: ${(err as Error).message.split('\n')[0]!.slice(0, 500)}`);
        out[name] = { status: 'down', detail: 'its health check failed (see the logs)' };
      }
    }
    return out;
  }
}
