/**
 * Typed domain errors. Every rule violation in the Hub is one of these; one HTTP filter maps
 * them to RFC 7807 problem documents, and the CLI prints `detail` plus `hint`.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'version_exists'
  | 'conflict'
  | 'unpublish_window_closed'
  | 'no_change'
  | 'name_owned_upstream'
  | 'quota_exceeded'
  | 'not_configured'
  | 'unavailable';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 422,
  bad_request: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  version_exists: 409,
  conflict: 409,
  unpublish_window_closed: 409,
  no_change: 400,
  name_owned_upstream: 409,
  quota_exceeded: 429,
  // A feature the operator has not set up is unavailable on this Hub, not unimplemented.
  not_configured: 503,
  unavailable: 503,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function titleForStatus(status: number): string {
  return TITLE_BY_STATUS[status] ?? 'Error';
}

export interface FieldProblem {
  /** Where the problem is, e.g. `body.packages[0].version` or `query.limit`. */
  location: string;
  message: string;
  value?: unknown;
}

export class HubError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'HubError';
    this.status = STATUS_BY_CODE[code];
  }
}

export const badRequest = (message: string, errors: FieldProblem[] = []) =>
  new HubError('bad_request', message, errors);
export const notFound = (message: string) => new HubError('not_found', message);
export const forbidden = (message: string) => new HubError('forbidden', message);
export const unauthorized = (message: string) => new HubError('unauthorized', message);

/** RFC 7807 problem document as the Hub serves it (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  instance?: string;
  errors: FieldProblem[];
}

export function toProblem(status: number, detail: string, errors: FieldProblem[] = [], code?: string): Problem {
  return {
    type: code ? `https://mcp-hub.dev/problems/${code.replace(/_/g, '-')}` : 'about:blank',
    title: titleForStatus(status),
    status,
    detail,
    ...(code ? { code } : {}),
    errors,
  };
}
