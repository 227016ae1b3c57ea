import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_DURATION_BUCKETS, type Metrics } from './metrics';

/** Records a response that Fastify's hooks never saw (a refusal by the router). */
export type RefusalObserver = (request: FastifyRequest, reply: FastifyReply) => void;

/** The `route` of a response no route matched (404s, malformed URLs): raw URLs would be unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * `hub_http_request_duration_seconds{method,route,status}` for every response, labelled by the
 * matched route pattern, never the URL: one series per route, whatever names clients ask for.
 *
 * The duration is Fastify's own `reply.elapsedTime` (high-resolution, from the request's arrival
 * before any onRequest hook, to the response's last byte), so refusals by the rate limiter and
 * the input guard are measured like everything else, and no onRequest hook is added.
 *
 * The router's own refusals (malformed percent-encoding, over-long parameters) run no hook at
 * all: the `frameworkErrors` handler passes them to the observer returned here.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: Metrics): RefusalObserver {
  const duration = metrics.histogram(
    'hub_http_request_duration_seconds',
    'HTTP requests: time from arrival to the last byte of the response, by method, matched route pattern and status.',
    ['method', 'route', 'status'],
    HTTP_DURATION_BUCKETS,
  );
  const observe: RefusalObserver = (request, reply) =>
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  fastify.addHook('onResponse', (request, reply, done) => {
    observe(request, reply);
    done();
  });
  return observe;
}
