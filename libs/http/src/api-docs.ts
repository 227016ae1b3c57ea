import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { openApiSchema } from './zod-body';
import { problemSchema } from '@mcp-hub/domain';
import { applyDecorators } from '@nestjs/common';
import type { z } from 'zod';

/** OpenAPI decorators fed from the domain's zod schemas (one source for validation and docs). */
export const ApiJsonBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: openApiSchema(schema), description });

export const ApiJsonResponse = (status: number, schema: z.ZodType, description: string) =>
  ApiResponse({ status, description, content: { 'application/json': { schema: openApiSchema(schema) } } });

export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: 'RFC 7807 problem',
        content: { 'application/problem+json': { schema: openApiSchema(problemSchema) } },
      }),
    ),
  );
