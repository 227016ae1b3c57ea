import { Body, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, roleInputSchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { memberSchema } from '../org.views';
import { OrgsApi } from '../orgs-api';
import { GrantsRole, memberInput } from './member-input';
import { MembersService } from './members.service';

/** An org's members: list, add, change a role, remove (or leave). */
@OrgsApi()
export class MembersController {
  constructor(private readonly service: MembersService) {}

  @Get('orgs/:org/members')
  @ApiOperation({ summary: 'Members and their roles' })
  @ApiJsonResponse(200, z.object({ members: z.array(memberSchema.extend({ since: z.string() })) }), 'Members')
  @ApiProblems(401, 404)
  async members(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { members: (await this.service.members(by, name)).map((m) => ({ ...m, since: m.since.toISOString() })) };
  }

  @GrantsRole('orgs/:org/members', memberSchema, 'The member')
  @ApiOperation({ summary: 'Add a user who is already on this Hub (admin; only owners make owners)' })
  addMember(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return this.service.addMember(by, name, memberInput(body));
  }

  @Patch('orgs/:org/members/:login')
  @ApiOperation({ summary: "Change a member's role (takes effect on their next request)" })
  @ApiJsonBody(roleInputSchema)
  @ApiJsonResponse(200, memberSchema, 'The member')
  @ApiProblems(400, 401, 403, 404, 409)
  setRole(
    @CurrentPrincipal() by: Principal,
    @Param('org') name: string,
    @Param('login') login: string,
    @Body() body: unknown,
  ) {
    return this.service.setRole(by, name, login, parseInput(roleInputSchema, body, 'body').role);
  }

  @Delete('orgs/:org/members/:login')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (admin), or leave (yourself); the last owner cannot go' })
  @ApiProblems(401, 403, 404, 409)
  async removeMember(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('login') login: string) {
    await this.service.removeMember(by, name, login);
  }
}
