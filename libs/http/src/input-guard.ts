import { type FieldProblem, toProblem } from '@mcp-hub/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.filter';

export const MAX_JSON_DEPTH = 64;

// NUL cannot be stored in Postgres text; a lone UTF-16 surrogate is not valid Unicode at all.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds the first thing in a parsed request that no handler should ever see: a string with a NUL
 * or an unpaired surrogate, or nesting deeper than any real document needs. The walk stops at
 * the depth limit, so a hostile 100,000-level document costs nothing.
 */
export function findUnacceptable(value: unknown, location: string, depth = 0): FieldProblem | undefined {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value) ? { location, message: 'must not contain NUL characters or unpaired UTF-16 surrogates' } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return { location, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findUnacceptable(value[i], `${location}[${i}]`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return { location: `${location}`, message: 'property names must not contain NUL characters or unpaired UTF-16 surrogates' };
    const p = findUnacceptable(v, `${location}.${key}`, depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** One check at the edge for every route, instead of a special case in each handler. */
export function installInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const problem =
      findUnacceptable(request.params, 'path') ?? findUnacceptable(request.query, 'query') ?? findUnacceptable(request.body, 'body');
    if (problem) {
      sendProblem(reply, request, toProblem(400, `Request rejected: ${problem.location} ${problem.message}.`, [problem], 'bad_request'));
      return reply;
    }
    return undefined;
  });
}
