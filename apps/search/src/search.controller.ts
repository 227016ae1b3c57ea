import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { CurrentViewer, MaybePrincipal, OptionallyAuthenticated } from '@mcp-hub/auth';
import { type Principal, type Viewer, forbidden, unauthorized } from '@mcp-hub/domain';
import { z } from 'zod';
import { SearchIndexer } from './indexing/search-indexer';
import { REGISTRY_TYPES, SEARCH_MODES, TRANSPORTS, searchQuerySchema } from './search-query';
import { type SearchResponse, SearchService } from './search.service';

const counts = z.record(z.string(), z.number().int());
export const searchResponseSchema = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      title: z.string().nullable(),
      description: z.string(),
      status: z.enum(['active', 'deprecated']),
      score: z.number(),
      highlights: z
        .object({ title: z.string().optional(), description: z.string().optional() })
        .describe('Matched words wrapped in <mark>…</mark>; the rest is HTML-escaped'),
      packages: z.array(z.unknown()),
      remotes: z.array(z.unknown()),
    }),
  ),
  facets: z.object({ registryType: counts, transport: counts, hasRemote: counts, status: counts }),
  total: z.number().int(),
  nextCursor: z.string().optional(),
  mode: z
    .enum(SEARCH_MODES)
    .describe('The mode that produced the results: hybrid falls back to text while no embedding model is available'),
  notice: z.string().optional(),
});

const indexFailuresSchema = z.object({
  failures: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      reason: z.string(),
      sourceUpdatedAt: z.string(),
      failedAt: z.string(),
    }),
  ),
  retrying: z.string().nullable(),
});

@ApiTags('search')
@Controller('api/v1/search')
export class SearchController {
  constructor(
    private readonly search: SearchService,
    private readonly indexer: SearchIndexer,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search servers',
    description:
      'Hybrid full-text + semantic search over the latest version of every server. Deleted servers never appear; deprecated ones rank lower. ' +
      'Full text: name and title weigh most, then description, then package identifiers, then the names and descriptions of the tools the ' +
      'Runtime service found (or the publisher declared); stemming, typo tolerance and prefix matching on the last word. ' +
      'Without q, lists servers (newest first) with facets, for browsing.',
  })
  @ApiQuery({ name: 'q', required: false, description: 'What you are looking for, in words ("send and read email")' })
  @ApiQuery({ name: 'mode', required: false, enum: SEARCH_MODES, description: 'hybrid (default), text or semantic' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1–100 (default 20)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({
    name: 'registryType',
    required: false,
    description: `Any of ${REGISTRY_TYPES.join(', ')} (comma-separated or repeated)`,
  })
  @ApiQuery({ name: 'transport', required: false, description: `Any of ${TRANSPORTS.join(', ')}` })
  @ApiQuery({ name: 'hasRemote', required: false, description: 'true: only servers with a hosted remote endpoint' })
  @ApiQuery({ name: 'namespace', required: false, description: 'Exact namespace, e.g. io.github.alice' })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'deprecated'] })
  @ApiQuery({
    name: 'tool',
    required: false,
    description:
      'Only servers exposing a tool of exactly this name, case-insensitively (1–128 characters), as the latest version was ' +
      'inspected or declared, e.g. read_file',
  })
  @ApiJsonResponse(200, searchResponseSchema, 'Ranked results, facet counts over all matches, total')
  @ApiProblems(400, 401, 503)
  @OptionallyAuthenticated()
  async run(@Query() query: unknown, @CurrentViewer() viewer: Viewer): Promise<SearchResponse> {
    // With a token, the caller's orgs' private servers are searched too; without, public ones only.
    return this.search.search(parseInput(searchQuerySchema, query, 'query'), viewer);
  }

  @Get('index-failures')
  @ApiOperation({
    summary: 'Documents the search index refused, and why (instance admin)',
    description:
      'Each server whose latest version Postgres would not index (the reason is its error, which may quote private text): left out of search until a new version or status change. ' +
      '`retrying`: the failure indexing is retrying now, if any. /healthz only counts them.',
  })
  @ApiJsonResponse(200, indexFailuresSchema, 'Refused documents, newest first')
  @ApiProblems(401, 403)
  @OptionallyAuthenticated()
  async indexFailures(
    @MaybePrincipal() principal: Principal | undefined,
  ): Promise<z.infer<typeof indexFailuresSchema>> {
    if (!principal) throw unauthorized('This needs an instance admin token.');
    // The reasons may quote any org's private servers: only a viewer of everything reads them.
    if (!principal.viewer.all)
      throw forbidden('This action needs an instance admin token (the "admin" scope, not bound to an organization).');
    return this.indexer.problems();
  }
}
