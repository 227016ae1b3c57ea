/**
 * Validation of published server.json documents against the dated MCP schema their `$schema`
 * names (https://static.modelcontextprotocol.io/schemas/<date>/server.schema.json).
 *
 * zod is used purely as a checker: a valid document is handed back untouched, because the
 * registry stores it exactly as published (unknown fields included).
 */
import type { z } from 'zod';
import { fieldErrors, type FieldError } from './issues';
import { buildServerJsonSchema, DIALECTS } from './schema';
import type { ServerJson } from './types';

export type { FieldError } from './issues';
export type {
  Argument,
  EnvVar,
  Header,
  Icon,
  Input,
  KeyValueInput,
  NamedArgument,
  Package,
  PositionalArgument,
  Remote,
  Repository,
  ServerJson,
  Stored,
  StoredInput,
  StoredPackage,
  StoredRemote,
  StoredServerJson,
  Transport,
} from './types';

export const SCHEMA_DATES: readonly string[] = DIALECTS.map((d) => d.date);
export const CURRENT_SCHEMA_DATE = '2025-12-11';

export function schemaUrl(date: string): string {
  return `https://static.modelcontextprotocol.io/schemas/${date}/server.schema.json`;
}

const DATE_IN_SCHEMA_URL = /\/schemas\/(\d{4}-\d{2}-\d{2})\//;

/**
 * The schema date a `$schema` value asks for. Documents without one, or naming a date (or host)
 * we do not know, are held to the current schema rather than rejected outright.
 */
export function schemaDateFor(schemaField: unknown): string {
  if (typeof schemaField !== 'string') return CURRENT_SCHEMA_DATE;
  const date = DATE_IN_SCHEMA_URL.exec(schemaField)?.[1];
  return date !== undefined && SCHEMA_DATES.includes(date) ? date : CURRENT_SCHEMA_DATE;
}

export const serverJsonSchemas: Record<string, z.ZodType> = Object.fromEntries(
  DIALECTS.map((d) => [d.date, buildServerJsonSchema(d)]),
);

export type ServerJsonValidation =
  { ok: true; schemaDate: string; value: ServerJson } | { ok: false; schemaDate: string; errors: FieldError[] };

/**
 * Checks `input` against the schema its `$schema` names (see `schemaDateFor`).
 *
 * On success `value` is `input` itself. Note that it is typed as the current format: a document
 * declaring an older date (e.g. 2025-07-09, whose fields are snake_case) is returned as published,
 * so callers that read fields should look at `schemaDate`.
 */
export function validateServerJsonSchema(input: unknown): ServerJsonValidation {
  const declared = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).$schema : undefined;
  const schemaDate = schemaDateFor(declared);
  const schema = serverJsonSchemas[schemaDate];
  if (schema === undefined) throw new Error(`no server.json schema for ${schemaDate}`); // unreachable: schemaDateFor only returns known dates
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, schemaDate, value: input as ServerJson };
  return { ok: false, schemaDate, errors: fieldErrors(result.error, schemaDate) };
}
