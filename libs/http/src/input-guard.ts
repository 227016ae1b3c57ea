import { type FieldProblem, MAX_JSON_DEPTH, type Unstorable, findUnstorable, toProblem } from '@mcp-hub/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.filter';

export { MAX_JSON_DEPTH };

const PROBLEM: Record<Unstorable['kind'], string> = {
  text: 'must not contain NUL characters or unpaired UTF-16 surrogates',
  key: 'property names must not contain NUL characters or unpaired UTF-16 surrogates',
  depth: `nests deeper than ${MAX_JSON_DEPTH} levels`,
};

/**
 * Finds the first thing in a parsed request that no handler should ever see: a string with a NUL
 * or an unpaired surrogate, or nesting deeper than any real document needs (libs/domain
 * findUnstorable). The walk stops at the depth limit, so a hostile 100,000-level document costs nothing.
 */
export function findUnacceptable(value: unknown, location: string, depth = 0): FieldProblem | undefined {
  const found = findUnstorable(value, location, { maxDepth: MAX_JSON_DEPTH }, depth);
  return found ? { location: found.path, message: PROBLEM[found.kind] } : undefined;
}

/** One check at the edge for every route, instead of a special case in each handler. */
export function installInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const problem =
      findUnacceptable(request.params, 'path') ??
      findUnacceptable(request.query, 'query') ??
      findUnacceptable(request.body, 'body');
    if (problem) {
      sendProblem(
        reply,
        request,
        toProblem(400, `Request rejected: ${problem.location} ${problem.message}.`, [problem], 'bad_request'),
      );
      return reply;
    }
    return undefined;
  });
}
