import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HubError, type Problem, toProblem } from '@mcp-hub/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';

const PROBLEM_TYPE = 'application/problem+json';

/** Clearer words than the framework's for the errors raised before a handler runs. */
const DETAIL_BY_STATUS: Record<number, string> = {
  404: 'No such route. See /docs for the API.',
  413: 'Request body is larger than the limit (1 MiB by default).',
  415: 'Unsupported Content-Type: send the body as application/json.',
};

/**
 * The one place errors become HTTP. Domain errors keep their status and field problems; errors
 * Nest raises for the framework (bad JSON, huge body, wrong content type, unknown route) are
 * client errors with a clear message; anything else is a 500 that never shows a stack or SQL.
 */
export function problemFor(err: unknown): Problem {
  if (err instanceof HubError) return toProblem(err.status, err.message, err.errors, err.code);
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const detail =
      typeof body === 'object' && body !== null && 'message' in body ? [(body as { message: unknown }).message].flat().join('; ') : err.message;
    return toProblem(status, DETAIL_BY_STATUS[status] ?? detail);
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
    const problem = problemFor(exception);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    sendProblem(ctx.getResponse<FastifyReply>(), ctx.getRequest<FastifyRequest>(), problem);
  }
}

