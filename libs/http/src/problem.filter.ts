import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HubError, type FieldProblem, type Problem, toProblem } from '@mcp-hub/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';

const PROBLEM_TYPE = 'application/problem+json';

/**
 * The one place errors become HTTP. Domain errors keep their status and field problems; errors
 * raised by Fastify before a handler runs (bad JSON, huge body, wrong content type) are client
 * errors with a clear message; anything else is a 500 that never shows a stack or SQL.
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
    return toProblem(status, status === 404 ? 'No such route. See /docs for the API.' : detail);
  }
  const fastifyError = err as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return toProblem(fastifyError.statusCode, describeFastifyError(fastifyError), [], undefined);
  }
  return toProblem(500, 'Something went wrong on our side. The request was not applied; try again later.');
}

function describeFastifyError(e: { code?: string; message?: string; statusCode?: number }): string {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `Request body is not valid JSON: ${e.message ?? ''}`.trim();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is larger than the 1 MiB limit.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send the body as application/json.';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'Content-Length does not match the body.';
    default:
      return e.message ?? 'Bad request';
  }
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

export type { FieldProblem };
