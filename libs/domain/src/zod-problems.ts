import type { z } from 'zod';
import type { FieldProblem } from './errors';

/** Turns zod issues into the Hub's field problems (`body.packages[0].version: ...`). */
export function zodProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    location: formatPath(prefix, issue.path),
    message: issue.message,
  }));
}

export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
