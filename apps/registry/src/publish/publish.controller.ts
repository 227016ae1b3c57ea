import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Patch,
  type PipeTransform,
  Post,
  Put,
  applyDecorators,
} from '@nestjs/common';
import { ApiOperation, type ApiOperationOptions, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  type Principal,
  type StatusUpdate,
  allVersionsStatusSchema,
  serverResponseSchema,
  statusUpdateSchema,
  validationResultSchema,
} from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import type { ServerResponse } from '../servers/server-version.record';
import { type BulkStatusResult, PublishService, type ValidationResult } from './publish.service';

const serverJsonBody = z.looseObject({
  $schema: z.string().optional(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
});

/** The body parsed with a domain schema, as parseInput does (a 400 naming each bad field), before the handler runs. */
const bodyOf = <S extends z.ZodType>(schema: S): PipeTransform<unknown, z.infer<S>> => ({
  transform: (value: unknown) => parseInput(schema, value, 'body'),
});

/**
 * A write on one version (`servers/:serverName/versions/:version` and below it): its route, the
 * credential it needs, and its OpenAPI side — both path parameters, the body, a 200 with the
 * version as it is now, the problems it answers.
 */
const VersionWrite = (
  route: (path: string) => MethodDecorator,
  operation: ApiOperationOptions,
  body: z.ZodType,
  problems: number[],
  below = '',
) =>
  applyDecorators(
    // In the order stacked decorators are applied (bottom-up): OpenAPI lists the parameters in it.
    ApiProblems(...problems),
    ApiJsonResponse(200, serverResponseSchema, 'Updated'),
    ApiJsonBody(body),
    ApiParam({ name: 'version' }),
    ApiParam({ name: 'serverName' }),
    ApiOperation(operation),
    Authenticated(),
    route(`servers/:serverName/versions/:version${below}`),
  );

@ApiTags('publish')
@Controller(['v0.1', 'v0'])
export class PublishController {
  constructor(private readonly publisher: PublishService) {}

  @Post('publish')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Publish a server version',
    description: 'Validates against the dated schema named by $schema. Versions are immutable.',
  })
  @ApiJsonBody(serverJsonBody, 'A server.json document')
  @ApiJsonResponse(200, serverResponseSchema, 'Published')
  @ApiProblems(400, 401, 403, 409, 413, 415, 422)
  publish(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ServerResponse> {
    return this.publisher.publish(principal, body);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Validate a server.json without publishing it' })
  @ApiJsonBody(serverJsonBody, 'A server.json document')
  @ApiJsonResponse(200, validationResultSchema, 'Validation verdict with every problem found')
  @ApiProblems(400, 413, 415)
  validate(@Body() body: unknown): ValidationResult {
    return this.publisher.validate(body);
  }

  @VersionWrite(
    Put,
    {
      summary: 'Edit a version (registry admins only)',
      description: 'Versions are immutable for publishers; admins may correct metadata.',
    },
    serverJsonBody,
    [400, 401, 403, 404, 422],
  )
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<ServerResponse> {
    return this.publisher.replace(principal, name, version, body);
  }

  @Delete('servers/:serverName/versions/:version')
  @Authenticated()
  @ApiOperation({
    summary: 'Unpublish a version',
    description:
      'Allowed to the publisher within 72 hours of publishing; afterwards deprecate instead. The version string cannot be reused.',
  })
  @ApiParam({ name: 'serverName' })
  @ApiParam({ name: 'version' })
  @ApiJsonResponse(200, serverResponseSchema, 'Unpublished (status deleted)')
  @ApiProblems(401, 403, 404, 409)
  unpublish(
    @CurrentPrincipal() principal: Principal,
    @Param('serverName') name: string,
    @Param('version') version: string,
  ): Promise<ServerResponse> {
    return this.publisher.unpublish(principal, name, version);
  }

  @VersionWrite(
    Patch,
    { summary: 'Change the status of one version' },
    statusUpdateSchema,
    [400, 401, 403, 404, 409],
    '/status',
  )
  setVersionStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('serverName') name: string,
    @Param('version') version: string,
    @Body(bodyOf(statusUpdateSchema)) update: StatusUpdate,
  ): Promise<ServerResponse> {
    return this.publisher.setVersionStatus(principal, name, version, update);
  }

  @Patch('servers/:serverName/status')
  @Authenticated()
  @ApiOperation({ summary: 'Change the status of every version of a server, in one transaction' })
  @ApiParam({ name: 'serverName' })
  @ApiJsonBody(statusUpdateSchema)
  @ApiJsonResponse(200, allVersionsStatusSchema, 'Updated')
  @ApiProblems(400, 401, 403, 404)
  setServerStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('serverName') name: string,
    @Body(bodyOf(statusUpdateSchema)) update: StatusUpdate,
  ): Promise<BulkStatusResult> {
    return this.publisher.setServerStatus(principal, name, update);
  }
}
