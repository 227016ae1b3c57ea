import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, CurrentViewer, OptionallyAuthenticated } from '@mcp-hub/auth';
import type { Principal, Viewer } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import {
  type CapabilitiesView,
  capabilitiesViewSchema,
  capabilitySearchQuerySchema,
  capabilitySearchSchema,
  declarationSchema,
} from './capabilities.schemas';
import { CapabilitiesService } from './capabilities.service';

const inspectAcceptedSchema = z.object({ name: z.string(), version: z.string(), status: z.literal('pending') });

/**
 * What a server version really exposes (inspected by the Runtime service in a sandbox, or declared
 * by its publisher). Private servers answer only to those who may see them; to anyone else they
 * are not found.
 */
@ApiTags('capabilities')
@Controller('api/v1')
export class CapabilitiesController {
  constructor(private readonly capabilities: CapabilitiesService) {}

  @Get('servers/:serverName/versions/:version/capabilities')
  @OptionallyAuthenticated()
  @ApiOperation({ summary: "A version's tools, resources and prompts with their schemas (`latest` allowed)" })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiParam({ name: 'version', description: 'A version, or `latest`' })
  @ApiJsonResponse(200, capabilitiesViewSchema, 'What the version exposes, and how that is known')
  @ApiProblems(401, 404)
  view(
    @Param('serverName') name: string,
    @Param('version') version: string,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CapabilitiesView> {
    return this.capabilities.view(name, version, viewer);
  }

  @Put('servers/:serverName/versions/:version/capabilities')
  @Authenticated()
  @ApiOperation({
    summary: 'Declare what a version exposes (owner): shown as declared by the publisher, never as inspected',
  })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiParam({ name: 'version', description: 'A version, or `latest`' })
  @ApiJsonBody(declarationSchema)
  @ApiJsonResponse(200, capabilitiesViewSchema, 'What the version now shows')
  @ApiProblems(400, 401, 403, 404)
  declare(
    @CurrentPrincipal() by: Principal,
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<CapabilitiesView> {
    return this.capabilities.declare(by, name, version, parseInput(declarationSchema, body, 'body'));
  }

  @Post('servers/:serverName/versions/:version/inspect')
  @Authenticated()
  @HttpCode(202)
  @ApiOperation({ summary: 'Inspect a version again (owner or admin): queued, answered at once' })
  @ApiParam({ name: 'serverName', description: 'URL-encoded server name' })
  @ApiParam({ name: 'version', description: 'A version, or `latest`' })
  @ApiJsonResponse(202, inspectAcceptedSchema, 'Queued')
  @ApiProblems(401, 403, 404)
  inspect(@CurrentPrincipal() by: Principal, @Param('serverName') name: string, @Param('version') version: string) {
    return this.capabilities.requestInspection(by, name, version);
  }

  @Get('capabilities')
  @OptionallyAuthenticated()
  @ApiOperation({
    summary: 'Tools, resources or prompts across the latest versions of every server the caller may see',
  })
  @ApiQuery({ name: 'type', required: false, description: 'tool, resource or prompt' })
  @ApiQuery({ name: 'q', required: false, description: 'Words in the name, title or description' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–100 (default 30)' })
  @ApiJsonResponse(200, capabilitySearchSchema, 'Matches, in server and name order')
  @ApiProblems(400, 401)
  search(@Query() query: unknown, @CurrentViewer() viewer: Viewer) {
    const { type, q, cursor, limit } = parseInput(capabilitySearchQuerySchema, query, 'query');
    return this.capabilities.search(viewer, type, q || undefined, cursor, limit);
  }
}
