import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import { installHttpMetrics, type RefusalObserver, UNMATCHED_ROUTE } from './http-metrics';
import { Metrics } from './metrics';

describe('installHttpMetrics', () => {
  let fastify: FastifyInstance;
  let metrics: Metrics;

  beforeEach(async () => {
    metrics = new Metrics();
    fastify = Fastify();
    installHttpMetrics(fastify, metrics);
    fastify.get('/v0.1/servers/:serverName/versions/:version', async () => ({ ok: true }));
    fastify.post('/v0.1/publish', async (_, reply) => reply.code(422).send({ ok: false }));
    await fastify.ready();
  });
  afterEach(() => fastify.close());

  /** Count and sum of each series, keyed `method route status`. */
  async function series(): Promise<Record<string, { count: number; sum: number }>> {
    const histogram = metrics.registry.getSingleMetric('hub_http_request_duration_seconds') as Histogram<string>;
    const out: Record<string, { count: number; sum: number }> = {};
    for (const v of (await histogram.get()).values) {
      const key = `${v.labels.method} ${v.labels.route} ${v.labels.status}`;
      const entry = (out[key] ??= { count: 0, sum: 0 });
      if (v.metricName?.endsWith('_count')) entry.count = v.value;
      if (v.metricName?.endsWith('_sum')) entry.sum = v.value;
    }
    return out;
  }

  it('labels each response with the route pattern, never the names in its URL', async () => {
    for (const name of ['io.github.a%2Fone', 'io.github.b%2Ftwo', 'com.example%2Fthree'])
      expect((await fastify.inject(`/v0.1/servers/${name}/versions/latest`)).statusCode).toBe(200);
    await fastify.inject({ method: 'POST', url: '/v0.1/publish', payload: {} });
    const s = await series();
    expect(Object.keys(s).sort()).toEqual([
      'GET /v0.1/servers/:serverName/versions/:version 200',
      'POST /v0.1/publish 422',
    ]);
    expect(s['GET /v0.1/servers/:serverName/versions/:version 200']!.count).toBe(3);
    expect(s['GET /v0.1/servers/:serverName/versions/:version 200']!.sum).toBeGreaterThan(0);
  });

  it(`puts every URL no route matches under "${UNMATCHED_ROUTE}"`, async () => {
    for (let i = 0; i < 5; i++) expect((await fastify.inject(`/nothing/here/${i}`)).statusCode).toBe(404);
    expect(Object.keys(await series())).toEqual([`GET ${UNMATCHED_ROUTE} 404`]);
  });

  it('counts what the router refuses before any hook runs, through the observer it returns', async () => {
    const refused = new Metrics();
    let observe: RefusalObserver = () => undefined;
    const app = Fastify({
      frameworkErrors: (_, request: FastifyRequest, reply: FastifyReply) => {
        void reply.code(400).send({ error: 'bad url' });
        observe(request, reply);
      },
    });
    observe = installHttpMetrics(app, refused);
    app.get('/v0.1/servers/:serverName', async () => ({ ok: true }));
    expect((await app.inject('/v0.1/servers/%E0%A4%A')).statusCode).toBe(400);
    await app.close();
    expect(await refused.render()).toMatch(
      /^hub_http_request_duration_seconds_count\{method="GET",route="unmatched",status="400"\} 1$/m,
    );
  });
});
