import { Post, applyDecorators } from '@nestjs/common';
import { memberInputSchema } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import type { z } from 'zod';

/** POST `path`: gives someone a role in the org of the path (`{login, role}` in the body) and answers 201. */
export const GrantsRole = (path: string, response: z.ZodType, description: string) =>
  applyDecorators(
    Post(path),
    ApiJsonBody(memberInputSchema),
    ApiJsonResponse(201, response, description),
    ApiProblems(400, 401, 403, 404, 409),
  );

export const memberInput = (body: unknown) => parseInput(memberInputSchema, body, 'body');
