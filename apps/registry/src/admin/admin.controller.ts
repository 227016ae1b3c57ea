import { Body, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, assertAdmin, memberInputSchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import { auditQuery, auditSchema } from '../audit/audit.views';
import { OrgsApi } from '../orgs/orgs-api';
import { MintsToken, mintedView, tokenInput } from '../orgs/tokens/minted-token';
import { AdminService } from './admin.service';

const createUserBody = z
  .object({ login: memberInputSchema.shape.login, name: z.string().max(200).optional() })
  .strict();

/** Instance administration (instance admin tokens only): users without GitHub, their tokens, the instance's audit log. */
@OrgsApi()
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly audit: AuditService,
  ) {}

  @Get('audit')
  @ApiOperation({ summary: "The whole instance's audit log, newest first (instance admin)" })
  @ApiJsonResponse(200, auditSchema, 'Entries')
  @ApiProblems(400, 401, 403)
  async instanceAudit(@CurrentPrincipal() by: Principal, @Query() query: unknown) {
    assertAdmin(by);
    return this.audit.page(undefined, parseInput(auditQuery, query, 'query'));
  }

  @Post('users')
  @ApiOperation({ summary: 'Create a user without GitHub (instance admin; for private instances)' })
  @ApiJsonBody(z.object({ login: z.string(), name: z.string().optional() }))
  @ApiJsonResponse(201, z.object({ login: z.string() }), 'The user')
  @ApiProblems(400, 401, 403, 409)
  async createUser(@CurrentPrincipal() by: Principal, @Body() body: unknown) {
    assertAdmin(by);
    return this.admin.createUser(by, parseInput(createUserBody, body, 'body'));
  }

  @Post('users/:login/tokens')
  @MintsToken("Mint a user's personal token (instance admin): it reads what the user's orgs read")
  async userToken(@CurrentPrincipal() by: Principal, @Param('login') login: string, @Body() body: unknown) {
    assertAdmin(by);
    return mintedView(await this.admin.userToken(by, login, tokenInput(body)));
  }
}
