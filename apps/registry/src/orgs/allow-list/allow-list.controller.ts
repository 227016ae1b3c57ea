import { Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import type { Principal } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { OrgsApi } from '../orgs-api';
import { AllowListService } from './allow-list.service';

/** The servers an org approved for its sub-registry. */
@OrgsApi()
export class AllowListController {
  constructor(private readonly service: AllowListService) {}

  @Get('orgs/:org/allowed-servers')
  @ApiOperation({ summary: "The servers on the org's allow-list" })
  @ApiJsonResponse(200, z.object({ servers: z.array(z.string()) }), 'Allowed server names')
  @ApiProblems(401, 404)
  async allowList(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { servers: await this.service.list(by, name) };
  }

  @Put('orgs/:org/allowed-servers/:serverName')
  @HttpCode(204)
  @ApiOperation({ summary: "Approve a server for the org's sub-registry (admin)" })
  @ApiProblems(400, 401, 403, 404)
  async allow(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('serverName') server: string) {
    await this.service.allow(by, name, server, true);
  }

  @Delete('orgs/:org/allowed-servers/:serverName')
  @HttpCode(204)
  @ApiOperation({ summary: "Take a server off the org's allow-list (admin)" })
  @ApiProblems(401, 403, 404)
  async disallow(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('serverName') server: string) {
    await this.service.allow(by, name, server, false);
  }
}
