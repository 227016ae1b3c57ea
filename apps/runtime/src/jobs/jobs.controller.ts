import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, assertAdmin } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { HealthProber } from '../health/health-prober';
import { InspectionJobs } from './inspection-jobs';

const querySchema = z.object({
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 500' }).int().min(1).max(500).default(50),
});
const counts = z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() });
const jobsSchema = z.object({
  queues: z.array(
    z.object({
      name: z.string(),
      counts,
      failed: z.array(
        z.object({ id: z.string(), data: z.unknown(), reason: z.string(), attempts: z.number(), failedAt: z.string() }),
      ),
    }),
  ),
});

/** The runtime's queues for instance admins: depth, and the jobs that failed every attempt. */
@ApiTags('capabilities')
@Controller('api/v1/runtime')
@Authenticated()
export class JobsController {
  constructor(
    private readonly inspections: InspectionJobs,
    private readonly health: HealthProber,
  ) {}

  @Get('jobs')
  @ApiOperation({ summary: "The runtime's queues: counts and failed jobs (instance admins)" })
  @ApiQuery({ name: 'limit', required: false, description: 'Failed jobs per queue, 1–500 (default 50)' })
  @ApiJsonResponse(200, jobsSchema, 'Per queue')
  @ApiProblems(400, 401, 403)
  async jobs(@CurrentPrincipal() by: Principal, @Query() query: unknown): Promise<z.infer<typeof jobsSchema>> {
    assertAdmin(by);
    const { limit } = parseInput(querySchema, query, 'query');
    const queues = await Promise.all(
      [this.inspections.queue, this.health.queue].map(async (q) => ({
        name: q.name,
        counts: await q.counts(),
        failed: (await q.failed(limit)).map((f) => ({ ...f, failedAt: f.failedAt.toISOString() })),
      })),
    );
    return { queues };
  }
}
