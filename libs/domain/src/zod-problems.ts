import type { z } from 'zod';
import type { FieldProblem } from './errors';
import { locationOf } from './server-json/issues';

/** Turns zod issues into the Hub's field problems (`body.scopes[0]: …`, `query.limit: …`). */
export function zodProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({ location: locationOf(issue.path, prefix), message: issue.message }));
}
