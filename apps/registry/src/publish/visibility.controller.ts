import { Body, Param, Patch } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, visibilitySchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { OrgsApi } from '../orgs/orgs-api';
import { PublishService } from './publish.service';

/** A server's visibility: public, or private to its organization. Part of the organizations API (tag orgs). */
@OrgsApi()
export class VisibilityController {
  constructor(private readonly publish: PublishService) {}

  @Patch('servers/:serverName/visibility')
  @ApiOperation({ summary: "Make a server public, or private to its organization (the org's publishers and admins)" })
  @ApiJsonBody(visibilitySchema)
  @ApiJsonResponse(200, z.object({ name: z.string(), visibility: z.enum(['public', 'private']) }), 'The server')
  @ApiProblems(400, 401, 403, 404)
  async visibility(@CurrentPrincipal() by: Principal, @Param('serverName') name: string, @Body() body: unknown) {
    const { visibility } = parseInput(visibilitySchema, body, 'body');
    await this.publish.setVisibility(by, name, visibility);
    return { name, visibility };
  }
}
