import { Injectable } from '@nestjs/common';
import { type Viewer, notFound } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { RegistryReader } from '@mcp-hub/registry-port';
import { HealthRepository } from './health.repository';
import { quantileOf } from './latency-buckets';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ratio = (w: { checks: number; available: number }) =>
  w.checks === 0 ? null : Math.round((w.available / w.checks) * 10_000) / 10_000;

/** The health of a server's remotes, as the probes recorded it; private servers follow their visibility. */
@Injectable()
export class HealthService {
  constructor(
    private readonly registry: RegistryReader,
    private readonly repo: HealthRepository,
    private readonly clock: Clock,
  ) {}

  async of(name: string, viewer: Viewer) {
    const v = await this.registry.versionOf(name, 'latest', viewer);
    if (!v) throw notFound(`No server named ${name}`);
    const now = this.clock.now().getTime();
    const listed = ((v.serverJson.remotes as { type?: string; url?: string }[] | undefined) ?? []).filter(
      (r): r is { type: string; url: string } => typeof r?.url === 'string' && typeof r.type === 'string',
    );
    const remotes = await Promise.all(
      listed.map(async (r) => {
        const [last, d1, d7, d30, latency, days] = await Promise.all([
          this.repo.lastCheck(v.serverName, r.url),
          this.repo.window(v.serverName, r.url, new Date(now - DAY)),
          this.repo.window(v.serverName, r.url, new Date(now - 7 * DAY)),
          this.repo.window(v.serverName, r.url, new Date(now - 30 * DAY)),
          this.repo.latency(v.serverName, r.url, new Date(now - DAY)),
          this.repo.days(v.serverName, r.url, new Date(now - 7 * DAY)),
        ]);
        return {
          url: r.url,
          type: r.type,
          status: last?.status ?? ('unknown' as const),
          uptime: { '24h': ratio(d1), '7d': ratio(d7), '30d': ratio(d30) },
          latencyMs: {
            p50: latency.p50 ?? quantileOf(d7.buckets, 0.5),
            p95: latency.p95 ?? quantileOf(d7.buckets, 0.95),
          },
          checks: { '24h': d1.checks, '7d': d7.checks, '30d': d30.checks },
          lastCheckedAt: last?.checkedAt.toISOString() ?? null,
          ...(last?.lastError ? { lastError: last.lastError } : {}),
          days: days.map((d) => ({ day: d.day, checks: d.checks, uptime: ratio(d) })),
        };
      }),
    );
    const drift = (await this.repo.driftEvents(v.serverName, 20)).map((e) => ({
      url: e.url,
      version: e.version,
      detectedAt: e.detectedAt.toISOString(),
      previousFingerprint: e.previousFingerprint,
      fingerprint: e.fingerprint,
      ...e.diff,
    }));
    return { name: v.serverName, version: v.version, remotes, drift };
  }
}
