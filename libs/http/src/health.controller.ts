import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type HubDatabase, pingDatabase } from '@mcp-hub/db';
import { HealthIndicators } from './health';
import { HUB_DB, HUB_DB_KIND } from './tokens';
import type { FastifyReply } from 'fastify';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @Inject(HUB_DB) private readonly db: HubDatabase,
    @Inject(HUB_DB_KIND) private readonly dbKind: string,
    private readonly indicators: HealthIndicators,
  ) {}

  @Get(['v0.1/health', 'v0/health'])
  @ApiOperation({ summary: 'Basic health check (official API)' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const ok = await this.dbOk();
    if (!ok) reply.status(503);
    return { status: ok ? 'ok' : 'unavailable' };
  }

  @Get('healthz')
  @ApiOperation({ summary: 'Detailed health: each dependency and its state' })
  async healthz(@Res({ passthrough: true }) reply: FastifyReply) {
    const started = performance.now();
    const ok = await this.dbOk();
    if (!ok) reply.status(503);
    const database = {
      kind: this.dbKind,
      status: ok ? 'ok' : 'down',
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
    const others = await this.indicators.collect();
    // Only the database makes the Hub unavailable; an unreachable upstream or a missing model degrades it.
    const degraded = Object.values(others).some((c) => c.status !== 'ok');
    return {
      status: !ok ? 'unavailable' : degraded ? 'degraded' : 'ok',
      checks: { database, ...others },
    };
  }

  private async dbOk(): Promise<boolean> {
    try {
      await pingDatabase(this.db);
      return true;
    } catch {
      return false;
    }
  }
}
