import { isUtf8 } from 'node:buffer';
import { HubError, badRequest } from '@mcp-hub/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The JSON body parser for every route. It reads the bytes itself, so each way a body can be
 * wrong gets its own clear 4xx: over the limit, compressed, cut short (the client went away, or
 * HUB_REQUEST_TIMEOUT closed the connection), not UTF-8, empty, not JSON, or carrying a
 * prototype-poisoning key. Fastify's own parser decodes text as it reads, so it reported invalid
 * UTF-8 as a Content-Length mismatch and a body cut short as a 500.
 */
export function installJsonBodyParser(fastify: FastifyInstance, limitBytes: number): void {
  // __proto__ and constructor.prototype keys are refused, as Fastify's default parser does.
  const secureParse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      return done(
        new HubError(
          'unsupported_media_type',
          `Content-Encoding "${encoding}" is not supported: send the body uncompressed.`,
        ),
        undefined,
      );
    }
    if (Number(request.headers['content-length']) > limitBytes) return done(tooLarge(limitBytes), undefined);
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        stop();
        done(tooLarge(limitBytes), undefined);
      } else chunks.push(chunk);
    };
    const onError = () => {
      stop();
      done(
        badRequest(
          'The request body did not arrive in full: the connection closed, or timed out, before all of it was sent.',
        ),
        undefined,
      );
    };
    const onEnd = () => {
      stop();
      const body = Buffer.concat(chunks);
      if (body.length === 0)
        return done(
          badRequest('The request body is empty, but Content-Type says application/json: send a JSON document.'),
          undefined,
        );
      if (!isUtf8(body))
        return done(
          badRequest('The request body is not valid UTF-8: JSON must be sent as UTF-8 (RFC 8259).'),
          undefined,
        );
      const text = body.toString('utf8');
      void secureParse(request, text, (error: Error | null, value?: unknown) =>
        error ? done(badRequest(whyNotJson(text)), undefined) : done(null, value),
      );
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

function tooLarge(limitBytes: number): HubError {
  return new HubError('body_too_large', `The request body is larger than the limit of ${limitBytes} bytes.`);
}

/** The parser's own words for where the JSON breaks, or the poisoning key that was refused. */
function whyNotJson(text: string): string {
  try {
    JSON.parse(text);
    return 'The request body has a "__proto__" or "constructor.prototype" key, which is refused (prototype poisoning).';
  } catch (err) {
    return `The request body is not valid JSON: ${(err as Error).message}.`;
  }
}
