import { applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { createTokenSchema, createdTokenSchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { tokenView } from '../../tokens/tokens.controller';
import type { CreatedToken } from '../../tokens/tokens.service';

/** A route that mints a token for someone else (an org's, or a user's by an instance admin), shown once in its answer. */
export const MintsToken = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiJsonBody(createTokenSchema),
    ApiJsonResponse(201, createdTokenSchema, 'The token, shown once'),
    ApiProblems(400, 401, 403, 404),
  );

export const tokenInput = (body: unknown) => parseInput(createTokenSchema, body, 'body');

/** The answer: the token as listed, and this once the token itself. */
export const mintedView = (created: CreatedToken) => ({ ...tokenView(created), token: created.token });
