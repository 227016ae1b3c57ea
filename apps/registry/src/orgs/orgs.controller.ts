import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, createOrgSchema, updateOrgSchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import { auditQuery, auditSchema } from '../audit/audit.views';
import { orgSchema, orgView } from './org.views';
import { OrgsApi } from './orgs-api';
import { OrgsService } from './orgs.service';

/** Organizations themselves: create, list, read, change, and read an org's audit log. */
@OrgsApi()
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
  ) {}

  @Post('orgs')
  @ApiOperation({ summary: 'Create an organization (a signed-in user, who becomes its owner, or an instance admin)' })
  @ApiJsonBody(createOrgSchema)
  @ApiJsonResponse(201, orgSchema, 'The organization')
  @ApiProblems(400, 401, 403, 409)
  async create(@CurrentPrincipal() by: Principal, @Body() body: unknown) {
    const org = await this.orgs.create(by, parseInput(createOrgSchema, body, 'body'));
    return orgView(org, by.userId ? 'owner' : undefined);
  }

  @Get('orgs')
  @ApiOperation({ summary: "The caller's organizations (every one for an instance admin)" })
  @ApiJsonResponse(200, z.object({ orgs: z.array(orgSchema) }), 'Organizations')
  @ApiProblems(401)
  async mine(@CurrentPrincipal() by: Principal) {
    return { orgs: (await this.orgs.mine(by)).map((o) => orgView(o, o.role)) };
  }

  @Get('orgs/:org')
  @ApiOperation({ summary: 'One organization (404 unless the caller belongs to it)' })
  @ApiJsonResponse(200, orgSchema.extend({ namespaces: z.array(z.string()) }), 'The organization')
  @ApiProblems(401, 404)
  async get(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    const org = await this.orgs.access(by, name);
    return { ...orgView(org), namespaces: await this.orgs.namespacesOf(org.id) };
  }

  @Patch('orgs/:org')
  @ApiOperation({ summary: "Change an organization's default visibility or turn its allow-list on or off (admin)" })
  @ApiJsonBody(updateOrgSchema)
  @ApiJsonResponse(200, orgSchema, 'The organization')
  @ApiProblems(400, 401, 403, 404)
  async update(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return orgView(await this.orgs.update(by, name, parseInput(updateOrgSchema, body, 'body')));
  }

  @Get('orgs/:org/audit')
  @ApiOperation({ summary: "The org's audit log, newest first (admin)" })
  @ApiJsonResponse(200, auditSchema, 'Entries')
  @ApiProblems(400, 401, 403, 404)
  async orgAudit(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Query() query: unknown) {
    const org = await this.orgs.access(by, name, 'admin');
    return this.audit.page(org.id, parseInput(auditQuery, query, 'query'));
  }
}
