import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import { type Principal, tokenSchema, tokenUsesQuerySchema } from '@mcp-hub/domain';
import { ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { ApiTokenUses, tokenView } from '../../tokens/tokens.controller';
import { OrgsApi } from '../orgs-api';
import { MintsToken, mintedView, tokenInput } from './minted-token';
import { OrgTokensService } from './org-tokens.service';

/** An org's tokens (admin): mint, list, see their uses, revoke. */
@OrgsApi()
export class OrgTokensController {
  constructor(private readonly tokens: OrgTokensService) {}

  @Post('orgs/:org/tokens')
  @MintsToken(
    "Mint an org token (admin): read sees the org's private servers; publish writes inside the org's namespaces",
  )
  async createToken(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return mintedView(await this.tokens.create(by, name, tokenInput(body)));
  }

  @Get('orgs/:org/tokens/:id/uses')
  @ApiOperation({
    summary:
      "Uses of one of the org's tokens (admin): requests per minute, with the last client address and user agent, and totals",
  })
  @ApiTokenUses()
  @ApiProblems(400, 401, 403, 404)
  async tokenUses(
    @CurrentPrincipal() by: Principal,
    @Param('org') name: string,
    @Param('id') id: string,
    @Query() query: unknown,
  ) {
    return this.tokens.uses(by, name, id, parseInput(tokenUsesQuerySchema, query, 'query'));
  }

  @Get('orgs/:org/tokens')
  @ApiOperation({ summary: "The org's tokens (admin); never the tokens themselves" })
  @ApiJsonResponse(200, z.object({ tokens: z.array(tokenSchema) }), 'Tokens')
  @ApiProblems(401, 403, 404)
  async listTokens(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { tokens: (await this.tokens.list(by, name)).map(tokenView) };
  }

  @Delete('orgs/:org/tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke one of the org's tokens (admin)" })
  @ApiProblems(401, 403, 404)
  async revokeToken(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('id') id: string) {
    await this.tokens.revoke(by, name, id);
  }
}
