import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import type { Viewer } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { HealthService } from './health.service';

const figures = z.object({ '24h': z.number().nullable(), '7d': z.number().nullable(), '30d': z.number().nullable() });
export const serverHealthSchema = z.object({
  name: z.string(),
  version: z.string(),
  remotes: z.array(
    z.object({
      url: z.string(),
      type: z.string(),
      status: z.enum(['up', 'down', 'degraded', 'unknown']).describe('The last probe; unknown before the first'),
      uptime: figures.describe('Share of probes that reached the server (up or degraded); null without probes'),
      latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).describe('Over 24 h'),
      checks: z.object({ '24h': z.number(), '7d': z.number(), '30d': z.number() }),
      lastCheckedAt: z.string().nullable(),
      lastError: z.string().optional(),
      days: z
        .array(z.object({ day: z.string(), checks: z.number(), uptime: z.number().nullable() }))
        .describe('The last 7 UTC days'),
    }),
  ),
  drift: z
    .array(
      z.object({
        url: z.string(),
        version: z.string(),
        detectedAt: z.string(),
        previousFingerprint: z.string(),
        fingerprint: z.string(),
        added: z.array(z.string()),
        removed: z.array(z.string()),
        changed: z.array(z.string()),
      }),
    )
    .describe('Tools that changed on a remote without a new version, newest first'),
});

@ApiTags('capabilities')
@Controller('api/v1')
@OptionallyAuthenticated()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('servers/:serverName/health')
  @ApiOperation({ summary: "The health of a server's remotes: uptime over 24 h / 7 d / 30 d, latency, drift events" })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiJsonResponse(200, serverHealthSchema, 'Per remote, and recent drift')
  @ApiProblems(401, 404)
  of(@Param('serverName') name: string, @CurrentViewer() viewer: Viewer) {
    return this.health.of(name, viewer);
  }
}
