import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HubConfig } from '@mcp-hub/config';
import { toProblem } from '@mcp-hub/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { capConnectionsPerAddress, connectionOptions, installProtocolRefusals } from './connections';
import { installEtags } from './etag';
import { installInputGuard } from './input-guard';
import { installJsonBodyParser } from './json-body';
import { hubLogger } from './logger';
import { Metrics, type RefusalObserver, installHttpMetrics } from './metrics';
import {
  MemoryRateLimitStore,
  type RateLimitPolicy,
  type RateLimitStore,
  RedisRateLimitStore,
  isTrustedProxyAddress,
  rateLimitAddress,
  rateLimitHook,
} from './rate-limit';
import { ProblemFilter, sendProblem } from './problem.filter';

export interface HttpAppOptions {
  title: string;
  description: string;
}

/**
 * Builds a Fastify-backed Nest app with the Hub's HTTP conventions: problem+json errors
 * everywhere (including body-parser and HTTP-parser failures), a body size limit, request
 * timeouts and a per-address connection cap, request latency metrics, and the generated OpenAPI
 * document at /openapi.json with Swagger UI at /docs. The root module imports HubCoreModule.
 */
export async function createHttpApp(
  rootModule: unknown,
  config: HubConfig,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  // Router refusals skip every Fastify hook, so they are counted here; set once the app exists.
  let observeRefusal: RefusalObserver = () => undefined;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    ...connectionOptions(config.connections),
    // A 255-character version of 4-byte characters is 3,060 characters once percent-encoded;
    // the default 100-character limit would turn valid URLs into errors.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4096 },
    // Errors the router raises before Nest sees the request (bad percent-encoding, over-long
    // parameters) get the same problem+json shape as everything else.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const detail =
        status === 414 ? 'A path parameter is longer than 4096 characters.' : `Malformed request URL: ${error.message}`;
      sendProblem(reply, request, toProblem(status, detail));
      observeRefusal(request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    logger: hubLogger(config.logLevel),
    // JSON only: Nest would otherwise also parse form bodies, which no route here takes.
    bodyParser: false,
    bufferLogs: false,
  });
  app.useGlobalFilters(new ProblemFilter());

  const fastify = app.getHttpAdapter().getInstance();
  observeRefusal = installHttpMetrics(fastify, app.get(Metrics, { strict: false }));
  // Every route takes JSON; without this Fastify would hand text bodies to the handlers as strings.
  fastify.removeContentTypeParser(['text/plain']);
  installJsonBodyParser(fastify, config.bodyLimitBytes);
  installProtocolRefusals(fastify);
  // The trusted proxies (loopback by default: the bundled web site) speak for many clients.
  const { trustProxy } = config.rateLimit;
  capConnectionsPerAddress(fastify.server, config.connections.maxPerAddress, (address) =>
    isTrustedProxyAddress(trustProxy, address) ? undefined : rateLimitAddress(address),
  );
  installRateLimits(fastify, config);
  installInputGuard(fastify);
  installEtags(fastify);

  const document = SwaggerModule.createDocument(
    app as unknown as INestApplication,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Hub API token (mcphub_…)' })
      .build(),
  );
  SwaggerModule.setup('docs', app as unknown as INestApplication, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  return app;
}

/**
 * Per-IP and per-token rate limits (HUB_RATE_LIMIT a minute, HUB_RATE_LIMIT_BURST× burst): in
 * Redis when REDIS_URL is set, so every Hub process shares the counts; in this process otherwise.
 * Health probes and the metrics scrape are exempt. Publishing costs more: a tenth of the allowance.
 */
function installRateLimits(fastify: FastifyInstance, config: HubConfig): void {
  const { perMinute, burst, trustProxy } = config.rateLimit;
  if (perMinute === 0) return;
  const store: RateLimitStore = config.redisUrl
    ? new RedisRateLimitStore({ redis: config.redisUrl, keyPrefix: `${config.redisKeyPrefix}rate-limit:` })
    : new MemoryRateLimitStore();
  const policy = (name: string, limit: number): RateLimitPolicy => ({
    name,
    limit: Math.max(1, limit),
    windowMs: 60_000,
    burst,
  });
  const publish = {
    ip: policy('publish', Math.ceil(perMinute / 10)),
    token: policy('publish', Math.ceil(perMinute / 10)),
  };
  fastify.addHook(
    'onRequest',
    rateLimitHook({
      store,
      policies: { ip: policy('default', perMinute), token: policy('default', perMinute) },
      routes: [{ path: /^\/(v0(\.1)?\/publish|o\/[^/]+\/v0(\.1)?\/publish)$/, method: 'POST', policies: publish }],
      exempt: ['/healthz', '/readyz', '/v0.1/health', '/v0/health', '/metrics'],
      trustProxy,
      logger: new Logger('rate-limit'),
    }),
  );
  fastify.addHook('onClose', async () => store.close());
}
