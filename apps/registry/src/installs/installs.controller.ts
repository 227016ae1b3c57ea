import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { notFound } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, HUB_DB, parseInput } from '@mcp-hub/http';
import { sql } from 'drizzle-orm';
import { z } from 'zod';

const popularQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 50' }).int().min(1).max(50).default(10),
});
const popularSchema = z.object({
  servers: z.array(
    z.object({ name: z.string(), version: z.string(), title: z.string().nullable(), description: z.string(), installs: z.number().int() }),
  ),
});

/**
 * Install counts: clients (mcpm) report a successful install; the site lists the most installed.
 * Counts are anonymous (no token, nothing about the installer is kept).
 */
@ApiTags('servers')
@Controller('api/v1')
export class InstallsController {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  @Post('servers/:serverName/installs')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count one install of a server (what mcpm reports after installing it)' })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiProblems(404)
  async count(@Param('serverName') name: string): Promise<void> {
    // One statement: counted only if the server exists and has a version that is not deleted.
    const rows = await this.db.execute(sql`
      insert into install_counts (server_name, installs, last_installed_at)
      select s.name, 1, now() from servers s
       where s.name = ${name}
         and exists (select 1 from server_versions v where v.server_name = s.name and v.status <> 'deleted')
      on conflict (server_name) do update
        set installs = install_counts.installs + 1, last_installed_at = excluded.last_installed_at
      returning server_name`);
    if (rowsOf(rows).length === 0) throw notFound(`No server named ${name}`);
  }

  @Get('stats/popular')
  @ApiOperation({ summary: 'The most installed servers (latest visible version of each), most first' })
  @ApiQuery({ name: 'limit', required: false, description: '1–50 (default 10)' })
  @ApiJsonResponse(200, popularSchema, 'Servers by install count')
  @ApiProblems(400)
  async popular(@Query() query: unknown): Promise<z.infer<typeof popularSchema>> {
    const { limit } = parseInput(popularQuerySchema, query, 'query');
    const rows = await this.db.execute(sql`
      select c.server_name as name, v.version, v.server_json->>'title' as title, coalesce(v.server_json->>'description', '') as description, c.installs
        from install_counts c
        join server_versions v on v.server_name = c.server_name and v.is_latest and v.status <> 'deleted'
       order by c.installs desc, c.server_name
       limit ${limit}`);
    const list = rowsOf<{ name: string; version: string; title: string | null; description: string; installs: string | number }>(rows);
    return { servers: list.map((r) => ({ ...r, installs: Number(r.installs) })) };
  }
}
