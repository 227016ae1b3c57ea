import { type IncomingMessage, STATUS_CODES, type Server, type ServerResponse, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import { toProblem } from '@mcp-hub/domain';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from './problem.filter';

export interface ConnectionLimits {
  /** The whole request, headers and body, must arrive within this (HUB_REQUEST_TIMEOUT). */
  requestTimeoutMs: number;
  /** The headers must arrive within this (HUB_HEADERS_TIMEOUT); at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** Open connections one address may hold at once; 0: no cap (HUB_MAX_CONNECTIONS_PER_IP). */
  maxPerAddress: number;
}

/**
 * Fastify options that make Node's HTTP server end a request that does not arrive in time, so a
 * client that sends headers or a body slowly (or never finishes) cannot hold a socket forever.
 * Node checks its open requests against the timeouts every `connectionsCheckingInterval`; the
 * default 30 s would stretch a 10 s limit to 40, so the check runs at least every second.
 * Errors Node's parser raises before Fastify sees a request (these timeouts, malformed HTTP,
 * oversized headers) are answered as problem documents, like every other 4xx.
 */
export function connectionOptions(limits: ConnectionLimits) {
  const { requestTimeoutMs, headersTimeoutMs } = limits;
  return {
    requestTimeout: requestTimeoutMs,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeoutMs / 4)),
      // Node would answer a missing Host with a bare 400; refuseMissingHost answers it instead.
      requireHostHeader: false,
    },
    clientErrorHandler: (error: Error & { code?: string; reason?: string }, socket: Socket) =>
      answerClientError(error, socket, limits),
  };
}

/**
 * The two refusals Node's HTTP server would otherwise send with an empty body: an HTTP/1.1
 * request without a Host header (400, RFC 9112 §3.2) and an Expect header other than
 * 100-continue (417).
 */
export function installProtocolRefusals(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion !== '1.1' || request.headers.host !== undefined) return undefined;
    sendProblem(reply, request, toProblem(400, 'An HTTP/1.1 request must carry a Host header.'));
    return reply;
  });
  fastify.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = JSON.stringify(
      toProblem(417, `Expect: ${request.headers.expect} is not supported; only "Expect: 100-continue" is.`),
    );
    response
      .writeHead(417, {
        'content-type': 'application/problem+json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      })
      .end(body);
  });
}

/** What a request that never reached Fastify gets: its answer, then the connection closes. */
export function clientErrorProblem(
  error: Error & { code?: string; reason?: string },
  limits: ConnectionLimits,
): { status: number; detail: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      detail:
        `The request did not arrive in time: its headers must arrive within ${seconds(limits.headersTimeoutMs)} and all of it, body included, ` +
        `within ${seconds(limits.requestTimeoutMs)}. The connection is closed; send the request again, in full.`,
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      detail: `The request's headers are larger than ${maxHeaderSize / 1024} KiB in all; send fewer or shorter headers.`,
    };
  }
  return { status: 400, detail: `Malformed HTTP request: ${error.reason ?? error.message}.` };
}

function answerClientError(
  error: Error & { code?: string; reason?: string },
  socket: Socket,
  limits: ConnectionLimits,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = clientErrorProblem(error, limits);
  // Bytes of a response already under way must not be followed by a second one (Node's rule too).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!inFlight?.headersSent) writeProblem(socket, status, detail);
  socket.destroy();
}

/**
 * Caps the connections one client holds open at once: a connection over the cap is answered 429
 * and closed before it is read. `keyOf` names the client an address belongs to (an IPv6 /64 is
 * one client), or undefined for an address that is never capped.
 */
export function capConnectionsPerAddress(
  server: Server,
  max: number,
  keyOf: (address: string) => string | undefined,
): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = socket.remoteAddress === undefined ? undefined : keyOf(socket.remoteAddress);
    if (key === undefined) return;
    const count = (open.get(key) ?? 0) + 1;
    if (count > max) {
      writeProblem(
        socket,
        429,
        `Too many open connections from your address: at most ${max} at once. Reuse or close the ones you have, then retry.`,
        'Retry-After: 1\r\n',
      );
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}

function writeProblem(socket: Socket, status: number, detail: string, extraHeaders = ''): void {
  if (!socket.writable) return;
  const body = JSON.stringify(toProblem(status, detail));
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n${extraHeaders}\r\n${body}`,
  );
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}
