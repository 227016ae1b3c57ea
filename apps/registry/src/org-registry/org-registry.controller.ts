import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MaybePrincipal, OptionallyAuthenticated } from '@mcp-hub/auth';
import { type Principal, serverListSchema, serverResponseSchema } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { ReadCacheInterceptor } from '../read-cache/read-cache.interceptor';
import { includeDeletedParam, listQuerySchema } from '../servers/list-query';
import type { JsonText } from '../servers/server-version.record';
import { OrgRegistryService } from './org-registry.service';

/**
 * An org's view of the registry in the official API's shape: public servers and the org's private
 * ones (only its approved servers, and its own, when its allow-list is on). Point VS Code's
 * gallery, `mcpm --registry` or any official-API client at /o/<org>.
 */
@ApiTags('orgs')
@Controller('o/:org/v0.1')
@UseInterceptors(ReadCacheInterceptor)
@OptionallyAuthenticated()
export class OrgRegistryController {
  constructor(private readonly registry: OrgRegistryService) {}

  @Get('servers')
  @ApiOperation({ summary: "List servers in the org's view (official API shape; needs an org read token)" })
  @ApiJsonResponse(200, serverListSchema, 'A page of server versions')
  @ApiProblems(400, 401, 404)
  async list(
    @MaybePrincipal() by: Principal | undefined,
    @Param('org') name: string,
    @Query() query: unknown,
  ): Promise<JsonText> {
    return this.registry.list(by, name, parseInput(listQuerySchema, query, 'query'));
  }

  @Get('servers/:serverName/versions')
  @ApiOperation({ summary: "Every version of a server in the org's view" })
  @ApiJsonResponse(200, serverListSchema, 'Versions')
  @ApiProblems(400, 401, 404)
  async versions(
    @MaybePrincipal() by: Principal | undefined,
    @Param('org') name: string,
    @Param('serverName') server: string,
    @Query() query: unknown,
  ): Promise<JsonText> {
    return this.registry.versions(by, name, server, includeDeletedParam(query));
  }

  @Get('servers/:serverName/versions/:version')
  @ApiOperation({ summary: "One version of a server in the org's view" })
  @ApiJsonResponse(200, serverResponseSchema, 'The server version')
  @ApiProblems(400, 401, 404)
  async version(
    @MaybePrincipal() by: Principal | undefined,
    @Param('org') name: string,
    @Param('serverName') server: string,
    @Param('version') version: string,
    @Query() query: unknown,
  ): Promise<JsonText> {
    return this.registry.version(by, name, server, version, includeDeletedParam(query));
  }
}
