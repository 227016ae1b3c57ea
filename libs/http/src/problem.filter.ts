import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { errorReason, isConnectionError } from '@mcp-hub/db';
import { HubError, type Problem, toProblem } from '@mcp-hub/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';

const PROBLEM_TYPE = 'application/problem+json';
/** How long a client is asked to wait when the database connection was lost: enough for a reconnect or a failover. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Clearer words than the framework's for the errors raised before a handler runs. */
const DETAIL_BY_STATUS: Record<number, string> = {
  404: 'No such route. See /docs for the API.',
  413: 'Request body is larger than the limit (1 MiB by default).',
  415: 'Unsupported Content-Type: send the body as application/json.',
};

/**
 * The one place errors become HTTP. Domain errors keep their status and field problems; errors
 * Nest raises for the framework (bad JSON, huge body, wrong content type, unknown route) are
 * client errors with a clear message; a lost or refused database connection is a 503 to retry
 * (not the request's fault, and not a bug); anything else is a 500 that never shows a stack or SQL.
 */
export function problemFor(err: unknown): Problem {
  if (err instanceof HubError) return toProblem(err.status, err.message, err.errors, err.code);
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const detail =
      typeof body === 'object' && body !== null && 'message' in body
        ? [(body as { message: unknown }).message].flat().join('; ')
        : err.message;
    return toProblem(status, DETAIL_BY_STATUS[status] ?? detail);
  }
  if (isConnectionError(err)) {
    return toProblem(
      503,
      'The Hub lost its connection to the database, or could not get one. Try again in a few seconds: a write is applied whole or not at all, so retrying is safe.',
      [],
      'unavailable',
    );
  }
  return toProblem(500, 'Something went wrong on our side. The request was not applied; try again later.');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): void {
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0] });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = problemFor(exception);
    if (isConnectionError(exception)) {
      // An outage, not a bug: one line per request (a failed query's message quotes its SQL).
      this.logger.warn(`database unavailable: ${errorReason(exception)}`);
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    sendProblem(reply, ctx.getRequest<FastifyRequest>(), problem);
  }
}
