import { Injectable } from '@nestjs/common';

export interface HealthCheck {
  /** ok: working; degraded: working with less (say why in `detail`); down: not working. */
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
        out[name] = { status: 'down', detail: (err as Error).message };
      }
    }
    return out;
  }
}
