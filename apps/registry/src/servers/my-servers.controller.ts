import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SERVER_STATUSES, UNPUBLISH_WINDOW_HOURS, canSee } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, Clock, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '../auth/auth.guard';
import { type Principal, isAdmin } from '../auth/principal';
import { ServerVersionRepository } from './server-version.repository';

const myServersQuerySchema = z.object({
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page (a server name)'),
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int().min(1).max(100).default(50),
  source: z.enum(['local', 'upstream'], { error: 'source must be local or upstream' }).optional().describe('local: published here; upstream: mirrored'),
  q: z.string().max(200, 'q must be at most 200 characters').optional().describe('Only servers whose name contains this (any case)'),
});

export const myServersSchema = z.object({
  servers: z.array(
    z.object({
      name: z.string(),
      source: z.enum(['local', 'upstream']).describe('upstream: mirrored, so managed in the upstream registry'),
      org: z.string().nullable().describe('The organization that owns it, if any'),
      visibility: z.enum(['public', 'private']).describe('private: visible to its organization only'),
      versions: z.array(
        z.object({
          version: z.string(),
          status: z.enum(SERVER_STATUSES),
          statusMessage: z.string().nullable(),
          isLatest: z.boolean(),
          publishedAt: z.iso.datetime(),
          updatedAt: z.iso.datetime(),
          unpublishedAt: z.iso.datetime().nullable(),
          canUnpublish: z.boolean().describe(`Whether this caller may still unpublish it (within ${UNPUBLISH_WINDOW_HOURS} hours of publishing)`),
        }),
      ),
    }),
  ),
  nextCursor: z.string().optional(),
});
type MyServers = z.infer<typeof myServersSchema>;

/** What the developer dashboard lists: the servers a token may manage, with every version's status. */
@ApiTags('servers')
@Controller('api/v1/me/servers')
export class MyServersController {
  constructor(
    private readonly repo: ServerVersionRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The servers inside the caller's namespace pattern, every version with its status (deleted ones included)",
    description: 'Ordered by name, paginated by server.',
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: 'Servers per page, 1–100 (default 50)' })
  @ApiQuery({ name: 'source', required: false, enum: ['local', 'upstream'], description: 'local: published here; upstream: mirrored' })
  @ApiQuery({ name: 'q', required: false, description: 'Only servers whose name contains this (any case)' })
  @ApiJsonResponse(200, myServersSchema, 'A page of servers')
  @ApiProblems(400, 401)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<MyServers> {
    const q = parseInput(myServersQuerySchema, query, 'query');
    const patterns = isAdmin(principal) ? ['*'] : principal.namespaces;
    const { rows, more } = await this.repo.versionsInNamespace(patterns, q.cursor, q.limit, { source: q.source, nameContains: q.q?.trim() || undefined });
    const now = this.clock.now().getTime();
    const owners = await this.repo.ownersOf([...new Set(rows.map((r) => r.serverName))]);
    const byName = new Map<string, MyServers['servers'][number]>();
    for (const r of rows) {
      const owner = owners.get(r.serverName);
      // Another org's private server in a namespace this caller may publish in stays out of sight.
      if (owner?.visibility === 'private' && !canSee(principal.viewer, owner.orgId)) continue;
      let server = byName.get(r.serverName);
      if (!server) {
        server = { name: r.serverName, source: r.source === 'upstream' ? 'upstream' : 'local', org: owner?.org ?? null, visibility: owner?.visibility ?? 'public', versions: [] };
        byName.set(r.serverName, server);
      }
      const young = now - r.publishedAt.getTime() <= UNPUBLISH_WINDOW_HOURS * 3_600_000;
      server.versions.push({
        version: r.version,
        status: r.status,
        statusMessage: r.statusMessage,
        isLatest: r.isLatest,
        publishedAt: r.publishedAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
        unpublishedAt: r.unpublishedAt?.toISOString() ?? null,
        canUnpublish: r.status !== 'deleted' && (isAdmin(principal) || young),
      });
    }
    const list = [...byName.values()];
    return { servers: list, ...(more && list.length > 0 ? { nextCursor: list[list.length - 1]!.name } : {}) };
  }
}
