import type { z } from 'zod';
import type { FieldProblem } from '../errors';

/** One violation of a server.json schema: the same shape the API reports every request problem in. */
export type FieldError = FieldProblem;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `body.packages[0].transport`, with bracket-quoting for keys such as `io.modelcontextprotocol.registry/official`. */
export function locationOf(path: readonly PropertyKey[], prefix = 'body'): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Type names as a JSON author knows them (zod says "record" for a map-like object). */
function jsonTypeName(expected: string): string {
  return expected === 'record' ? 'object' : expected;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map((v) => JSON.stringify(v)).join(', ');
  return values.length === 1 ? listed : `one of ${listed}`;
}

function withValue(location: string, message: string, value: unknown): FieldError {
  return value === undefined ? { location, message } : { location, message, value };
}

/**
 * Turns zod's issues into human messages. Structural issues (types, enums, unknown keys, union
 * discriminators) are phrased here from the issue's data; for rule checks (patterns, lengths,
 * formats) the schema already carries a purpose-written message, which is kept as is.
 * Parse with `reportInput: true` so offending values can be echoed back.
 */
export function fieldErrors(error: z.ZodError, schemaDate: string): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const location = locationOf(issue.path);
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? [{ location, message: 'is required' }]
          : [
              withValue(
                location,
                `expected ${jsonTypeName(issue.expected)}, got ${jsonTypeOf(issue.input)}`,
                issue.input,
              ),
            ];
      case 'invalid_value':
        return [withValue(location, `expected ${oneOf(issue.values)}`, issue.input)];
      case 'unrecognized_keys': {
        const object = (issue.input ?? {}) as Record<string, unknown>;
        return issue.keys.map((key) =>
          withValue(
            locationOf([...issue.path, key]),
            `is not an allowed property here (schema ${schemaDate})`,
            object[key],
          ),
        );
      }
      case 'invalid_union': {
        // A discriminated union reports at the discriminator's path, with the whole object as input.
        if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
          const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
          const expected = oneOf(issue.options);
          return value === undefined
            ? [{ location, message: `is required (expected ${expected})` }]
            : [withValue(location, `expected ${expected}`, value)];
        }
        return [withValue(location, 'does not match any of the allowed forms', issue.input)];
      }
      default:
        return [withValue(location, issue.message, issue.input)];
    }
  });
}
