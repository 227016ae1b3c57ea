import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import type { Principal } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { invitationSchema } from '../org.views';
import { OrgsApi } from '../orgs-api';
import { InvitationsService } from './invitations.service';
import { GrantsRole, memberInput } from './member-input';

/** Invitations: an org's admins invite and list them; the invited user lists, accepts or declines their own. */
@OrgsApi()
export class InvitationsController {
  constructor(private readonly service: InvitationsService) {}

  @Get('orgs/:org/members/invitations')
  @ApiOperation({ summary: 'Open invitations (admin)' })
  @ApiJsonResponse(200, z.object({ invitations: z.array(invitationSchema) }), 'Invitations')
  @ApiProblems(401, 403, 404)
  async invitations(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { invitations: await this.service.invitations(by, name) };
  }

  @Get('me/invitations')
  @ApiOperation({ summary: 'Open invitations addressed to you (signed in, or a personal token)' })
  @ApiJsonResponse(
    200,
    z.object({ invitations: z.array(invitationSchema.extend({ invitedBy: z.string() })) }),
    'Invitations',
  )
  @ApiProblems(401)
  async myInvitations(@CurrentPrincipal() by: Principal) {
    return { invitations: await this.service.invitationsFor(by) };
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Decline an invitation addressed to you' })
  @ApiProblems(401, 404)
  async decline(@CurrentPrincipal() by: Principal, @Param('id') id: string) {
    await this.service.decline(by, id);
  }

  @Post('invitations/:id/accept')
  @ApiOperation({ summary: 'Accept an invitation addressed to you' })
  @ApiJsonResponse(201, z.object({ org: z.string(), role: z.string() }), 'The membership')
  @ApiProblems(401, 404)
  accept(@CurrentPrincipal() by: Principal, @Param('id') id: string) {
    return this.service.accept(by, id);
  }

  @GrantsRole('orgs/:org/members/invitations', invitationSchema, 'The invitation')
  @ApiOperation({ summary: 'Invite a GitHub login with a role (admin); they accept once signed in' })
  invite(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return this.service.invite(by, name, memberInput(body));
  }
}
