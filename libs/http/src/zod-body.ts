import { HubError, zodProblems } from '@mcp-hub/domain';
import { z } from 'zod';

/** Parses request input with a domain schema; failures are 400s that name each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = zodProblems(result.error, where);
    const summary = problems.map((p) => `${p.location}: ${p.message}`).join('; ');
    throw new HubError('bad_request', `Invalid ${where}: ${summary}`, problems);
  }
  return result.data;
}

/** JSON Schema of a zod schema, for @ApiBody/@ApiResponse, so the OpenAPI document comes from the same source. */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}
