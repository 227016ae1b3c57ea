import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** The strong ETag of a response body. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Strong ETags on every successful GET, from the bytes sent, and 304 on a matching
 * If-None-Match. Clients that cache (mcpm, aggregators) then revalidate for the price of a
 * hash instead of downloading a page again. A route that already knows its tag (the read cache
 * keeps one with each cached body) sets it, and is not hashed again. Streams (files) are left alone.
 */
export function installEtags(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const known = reply.getHeader('etag');
    const etag = typeof known === 'string' ? known : etagOf(payload);
    void reply.header('etag', etag);
    if (matches(request.headers['if-none-match'], etag)) {
      void reply.code(304);
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}
