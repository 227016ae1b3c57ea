import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Principal, SERVER_STATUSES, UNPUBLISH_WINDOW_HOURS } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import { ServersService } from './servers.service';

const myServersQuerySchema = z.object({
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page (a server name)'),
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 100' }).int().min(1).max(100).default(50),
  source: z
    .enum(['local', 'upstream'], { error: 'source must be local or upstream' })
    .optional()
    .describe('local: published here; upstream: mirrored'),
  q: z
    .string()
    .max(200, 'q must be at most 200 characters')
    .optional()
    .describe('Only servers whose name contains this (any case)'),
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
          canUnpublish: z
            .boolean()
            .describe(
              `Whether this caller may still unpublish it (within ${UNPUBLISH_WINDOW_HOURS} hours of publishing)`,
            ),
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
  constructor(private readonly servers: ServersService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The servers inside the caller's namespace pattern, every version with its status (deleted ones included)",
    description: 'Ordered by name, paginated by server.',
  })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: 'Servers per page, 1–100 (default 50)' })
  @ApiQuery({
    name: 'source',
    required: false,
    enum: ['local', 'upstream'],
    description: 'local: published here; upstream: mirrored',
  })
  @ApiQuery({ name: 'q', required: false, description: 'Only servers whose name contains this (any case)' })
  @ApiJsonResponse(200, myServersSchema, 'A page of servers')
  @ApiProblems(400, 401)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<MyServers> {
    const q = parseInput(myServersQuerySchema, query, 'query');
    return this.servers.mine(principal, q);
  }
}
