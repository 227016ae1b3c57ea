import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, map, of } from 'rxjs';
import { ReadCache } from './read-cache.service';

/**
 * Serves public GETs from the read cache, and fills it. Requests carrying credentials bypass it:
 * what they may see can depend on who they are, and the key is only the URL.
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  constructor(private readonly cache: ReadCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const generation = this.cache.generation();
    if (request.method !== 'GET' || request.headers.authorization || generation === undefined) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    void reply.header('content-type', 'application/json; charset=utf-8');
    const hit = this.cache.get(request.url);
    if (hit) {
      void reply.header('x-hub-cache', 'hit');
      return of(hit);
    }
    void reply.header('x-hub-cache', 'miss');
    return next.handle().pipe(
      map((body: unknown) => {
        const buffer = Buffer.from(JSON.stringify(body));
        this.cache.set(request.url, generation, buffer);
        return buffer;
      }),
    );
  }
}
