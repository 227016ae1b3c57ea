import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, map, of } from 'rxjs';
import { JsonText } from '../servers/server-version.record';
import { LIST_TAG, ReadCache } from './read-cache.service';

/**
 * Sends read results as JSON bytes (JsonText as it is, anything else serialized once) and keeps
 * them in the read cache. Requests carrying credentials bypass the cache: what they may see can
 * depend on who they are, and the key is only the URL.
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: ReadCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    void reply.header('content-type', 'application/json; charset=utf-8');
    // Routes about one server are dropped when that server changes; lists when any server does.
    const tag = (request.params as { serverName?: string }).serverName ?? LIST_TAG;
    const stamp = request.method === 'GET' && !request.headers.authorization ? this.cache.stamp(tag) : undefined;
    if (stamp !== undefined) {
      const hit = this.cache.get(request.url);
      void reply.header('x-hub-cache', hit ? 'hit' : 'miss');
      if (hit) {
        void reply.header('etag', hit.etag);
        return of(hit.body);
      }
    }
    return next.handle().pipe(
      map((body: unknown) => {
        const bytes = Buffer.from(body instanceof JsonText ? body.text : JSON.stringify(body));
        const stored = stamp === undefined ? undefined : this.cache.set(request.url, tag, stamp, bytes);
        if (stored) void reply.header('etag', stored.etag);
        return bytes;
      }),
    );
  }
}
