import { Controller, applyDecorators } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@mcp-hub/auth';

/** Where @nestjs/swagger keeps a method's @ApiOperation options. */
const API_OPERATION = 'swagger/apiOperation';

/**
 * A controller of the organizations API: under /api/v1, every route authenticated, tagged `orgs` in
 * the OpenAPI document. Its operations keep the ids they had when one controller served the whole
 * API (`OrgsController_<method>`), so clients generated from the document (libs/api-client) call
 * them by the same names.
 */
export const OrgsApi = (): ClassDecorator =>
  applyDecorators(ApiTags('orgs'), Controller('api/v1'), Authenticated(), operationIdsOf('OrgsController'));

function operationIdsOf(controller: string): ClassDecorator {
  return (target) => {
    const proto = target.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method = proto[key];
      if (typeof method !== 'function') continue;
      const options: Record<string, unknown> | undefined = Reflect.getMetadata(API_OPERATION, method);
      if (options && !options.operationId)
        Reflect.defineMetadata(API_OPERATION, { ...options, operationId: `${controller}_${key}` }, method);
    }
  };
}
