import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import type { Viewer } from '@mcp-hub/domain';
import { z } from 'zod';
import { searchResponseSchema } from '../search.controller';
import { type RelatedResponse, RelatedService } from './related.service';

const relatedQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number from 1 to 24' })
    .int('limit must be a whole number from 1 to 24')
    .min(1, 'limit must be at least 1')
    .max(24, 'limit must be at most 24')
    .default(6),
});
const relatedSchema = z.object({
  results: searchResponseSchema.shape.results,
  basis: z
    .enum(['embedding', 'text'])
    .describe(
      'embedding: nearest by the embedding model; text: best text matches of the server’s own words (no embedder, or no vector for it yet)',
    ),
});

@ApiTags('search')
@Controller('api/v1/servers')
export class RelatedController {
  constructor(private readonly related: RelatedService) {}

  @Get(':serverName/related')
  @ApiOperation({
    summary:
      'Servers like this one: nearest by embedding, else by text similarity; filtered for the caller as search is',
  })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiQuery({ name: 'limit', required: false, description: '1–24 (default 6)' })
  @ApiJsonResponse(200, relatedSchema, 'Related servers, most alike first')
  @ApiProblems(400, 401, 404)
  @OptionallyAuthenticated()
  async run(
    @Param('serverName') name: string,
    @Query() query: unknown,
    @CurrentViewer() viewer: Viewer,
  ): Promise<RelatedResponse> {
    const { limit } = parseInput(relatedQuerySchema, query, 'query');
    return this.related.related(name, limit, viewer);
  }
}
