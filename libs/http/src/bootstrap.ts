import { type INestApplication, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { HubConfig } from '@mcp-hub/config';
import { toProblem } from '@mcp-hub/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemFilter, problemFor, sendProblem } from './problem.filter';

export interface HttpAppOptions {
  title: string;
  description: string;
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

function nestLogLevels(level: HubConfig['logLevel']): LogLevel[] | false {
  if (level === 'silent') return false;
  const cut = { fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6 }[level];
  return LEVELS.slice(0, cut);
}

/**
 * Builds a Fastify-backed Nest app with the Hub's HTTP conventions: problem+json errors
 * everywhere (including body-parser failures), a body size limit, and the generated OpenAPI
 * document at /openapi.json with Swagger UI at /docs.
 */
export async function createHttpApp(rootModule: unknown, config: HubConfig, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    ignoreTrailingSlash: true,
    // Query strings like ?limit=1&limit=2 must not turn into arrays behind our back.
    routerOptions: { maxParamLength: 512 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, {
    logger: nestLogLevels(config.logLevel),
    bufferLogs: false,
  });
  app.useGlobalFilters(new ProblemFilter());

  const fastify = app.getHttpAdapter().getInstance();
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFor(error);
    if (problem.status >= 500) new Logger('http').error(error.stack ?? String(error));
    sendProblem(reply, request, problem);
  });


  const document = SwaggerModule.createDocument(
    app as unknown as INestApplication,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Hub API token (mcphub_…)' })
      .build(),
  );
  SwaggerModule.setup('docs', app as unknown as INestApplication, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  return app;
}
