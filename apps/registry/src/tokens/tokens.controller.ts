import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type Principal,
  createTokenSchema,
  createdTokenSchema,
  tokenSchema,
  tokenUsesQuerySchema,
  tokenUsesSchema,
} from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import type { TokenRecord } from './token.repository';
import { TokensService } from './tokens.service';

/** A token as the API shows it: never the token itself. */
export const tokenView = (t: TokenRecord) => ({
  id: t.id,
  tokenPrefix: t.tokenPrefix,
  namespace: t.namespacePattern,
  scopes: t.scopes,
  description: t.description,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** The query and answer of a token's uses, for the personal and the org route alike. */
export const ApiTokenUses = () =>
  applyDecorators(
    ApiQuery({
      name: 'days',
      required: false,
      description: 'The window, in days back from now: 1–90 (default 7)',
      schema: { type: 'integer', minimum: 1, maximum: 90 },
    }),
    ApiQuery({
      name: 'limit',
      required: false,
      description: 'Minutes listed, newest first: 1–1000 (default 100); totals cover the whole window',
      schema: { type: 'integer', minimum: 1, maximum: 1000 },
    }),
    ApiJsonResponse(200, tokenUsesSchema, 'Uses, newest minute first'),
  );

@ApiTags('tokens')
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Mint a scoped API token',
    description:
      "The token is returned once; only its hash is stored. An admin may mint any token; a publish token mints tokens for its own owner (its org, its user's personal tokens) with scopes it has, inside its own namespace pattern, never outliving it and revoked with it.",
  })
  @ApiJsonBody(createTokenSchema)
  @ApiJsonResponse(201, createdTokenSchema, 'The new token')
  @ApiProblems(400, 401, 403)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const created = await this.tokens.delegate(parseInput(createTokenSchema, body, 'body'), principal);
    return { ...tokenView(created), token: created.token };
  }

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'List API tokens: all of them for an admin, otherwise the caller and the tokens it minted; never the tokens themselves',
  })
  @ApiJsonResponse(200, z.object({ tokens: z.array(tokenSchema) }), 'Tokens')
  @ApiProblems(401, 403)
  async list(@CurrentPrincipal() principal: Principal) {
    return { tokens: (await this.tokens.list(principal)).map(tokenView) };
  }

  @Get(':id/uses')
  @Authenticated()
  @ApiOperation({
    summary:
      "A token's uses: every request made with it, counted per minute (with the last client address and user agent), and totals",
    description:
      "Any token for an admin; otherwise the caller, the tokens it minted and the user's personal tokens (others answer 404). `days` (1–90, default 7), `limit` minutes (1–1000, default 100).",
  })
  @ApiTokenUses()
  @ApiProblems(400, 401, 404)
  uses(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: unknown) {
    return this.tokens.uses(id, parseInput(tokenUsesQuerySchema, query, 'query'), { by: principal });
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary:
      'Revoke a token, and every token delegated from it: any for an admin, otherwise the caller or a token it minted (others answer 404)',
  })
  @ApiProblems(401, 403, 404)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.tokens.revoke(id, principal);
  }
}
