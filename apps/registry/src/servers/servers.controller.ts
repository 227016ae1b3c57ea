import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Viewer, serverListSchema, serverResponseSchema } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import { ReadCacheInterceptor } from '../read-cache/read-cache.interceptor';
import { includeDeletedParam, listQuerySchema, toListParams } from './list-query';
import type { JsonText } from './server-version.record';
import { ServersService } from './servers.service';

@ApiTags('servers')
@Controller(['v0.1', 'v0'])
@UseInterceptors(ReadCacheInterceptor)
@OptionallyAuthenticated()
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Get('servers')
  @ApiOperation({
    summary: 'List MCP servers',
    description: 'One entry per server version, ordered by name then version; cursor-paginated.',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'Opaque cursor from metadata.nextCursor' })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, 1–100 (default 30)' })
  @ApiQuery({ name: 'search', required: false, description: 'Case-insensitive substring of the server name' })
  @ApiQuery({
    name: 'updated_since',
    required: false,
    description: 'RFC 3339; only entries updated after it (deleted ones included)',
  })
  @ApiQuery({ name: 'version', required: false, description: '"latest" or an exact version' })
  @ApiQuery({ name: 'include_deleted', required: false, description: 'Include deleted entries (default false)' })
  @ApiJsonResponse(200, serverListSchema, 'A page of server versions')
  @ApiProblems(400)
  list(@Query() query: unknown, @CurrentViewer() viewer: Viewer): Promise<JsonText> {
    const q = parseInput(listQuerySchema, query, 'query');
    return this.servers.list({ viewer, ...toListParams(q) });
  }

  @Get('servers/:serverName/versions')
  @ApiOperation({ summary: 'List all versions of a server', description: 'Newest publication first.' })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name, e.g. com.example%2Fmy-server' })
  @ApiQuery({ name: 'include_deleted', required: false })
  @ApiJsonResponse(200, serverListSchema, 'Every version of the server')
  @ApiProblems(400, 404)
  versions(
    @Param('serverName') name: string,
    @Query() query: unknown,
    @CurrentViewer() viewer: Viewer,
  ): Promise<JsonText> {
    return this.servers.versions(name, viewer, includeDeletedParam(query));
  }

  @Get('servers/:serverName/versions/:version')
  @ApiOperation({
    summary: 'Get one version of a server',
    description: 'Use the version "latest" for the latest version.',
  })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiParam({ name: 'version', description: 'URL-encoded version, or "latest"' })
  @ApiQuery({ name: 'include_deleted', required: false })
  @ApiJsonResponse(200, serverResponseSchema, 'The server version')
  @ApiProblems(400, 404)
  version(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Query() query: unknown,
    @CurrentViewer() viewer: Viewer,
  ): Promise<JsonText> {
    return this.servers.version(name, version, viewer, includeDeletedParam(query));
  }
}
