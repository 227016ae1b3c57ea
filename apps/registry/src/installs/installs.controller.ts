import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import { InstallsService } from './installs.service';

const popularQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 50' }).int().min(1).max(50).default(10),
});
const dailyQuerySchema = z.object({
  days: z.coerce
    .number({ error: 'days must be a number from 1 to 365' })
    .int('days must be a whole number from 1 to 365')
    .min(1, 'days must be at least 1')
    .max(365, 'days must be at most 365')
    .default(30),
});
const dailySchema = z.object({
  days: z
    .array(z.object({ date: z.string().describe('UTC day, YYYY-MM-DD'), installs: z.number().int() }))
    .describe('Every day of the window, oldest first (0 when none)'),
  total: z.number().int().describe('All installs ever counted'),
});
const popularSchema = z.object({
  servers: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      title: z.string().nullable(),
      description: z.string(),
      installs: z.number().int(),
    }),
  ),
});

/**
 * Install counts: clients (mcpm) report a successful install; the site lists the most installed.
 * Counts are anonymous (nothing about the installer is kept); a token, when sent, only decides
 * which private servers the caller may count and see. A private server the caller may not see
 * answers exactly like one that does not exist.
 */
@ApiTags('servers')
@Controller('api/v1')
@OptionallyAuthenticated()
export class InstallsController {
  constructor(private readonly installs: InstallsService) {}

  @Post('servers/:serverName/installs')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count one install of a server (what mcpm reports after installing it)' })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiProblems(401, 404)
  async count(@Param('serverName') name: string, @CurrentViewer() viewer: Viewer): Promise<void> {
    await this.installs.count(name, viewer);
  }

  @Get('servers/:serverName/installs')
  @ApiOperation({
    summary: 'Installs of a server per UTC day, over the last `days` days (today included), and its total',
  })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiQuery({ name: 'days', required: false, description: '1–365 (default 30)' })
  @ApiJsonResponse(200, dailySchema, 'Installs per day')
  @ApiProblems(400, 401, 404)
  async daily(
    @Param('serverName') name: string,
    @Query() query: unknown,
    @CurrentViewer() viewer: Viewer,
  ): Promise<z.infer<typeof dailySchema>> {
    const { days } = parseInput(dailyQuerySchema, query, 'query');
    return this.installs.daily(name, viewer, days);
  }

  @Get('stats/popular')
  @ApiOperation({
    summary: 'The most installed servers the caller may see (latest visible version of each), most first',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1–50 (default 10)' })
  @ApiJsonResponse(200, popularSchema, 'Servers by install count')
  @ApiProblems(400, 401)
  async popular(@Query() query: unknown, @CurrentViewer() viewer: Viewer): Promise<z.infer<typeof popularSchema>> {
    const { limit } = parseInput(popularQuerySchema, query, 'query');
    return { servers: await this.installs.popular(limit, viewer) };
  }
}
