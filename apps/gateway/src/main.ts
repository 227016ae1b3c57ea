import type { HubConfig } from '@mcp-hub/config';
import { type BootOptions, type RunningService, bootHttp } from '@mcp-hub/http';
import { RegistryModule } from '@mcp-hub/registry';
import { RuntimeModule } from '@mcp-hub/runtime';
import { SearchModule } from '@mcp-hub/search';

/** Every HTTP-facing service module the gateway mounts; the scanner comes next. */
export const GATEWAY_MODULES = [RegistryModule, SearchModule, RuntimeModule];

/** The API gateway: one HTTP edge (problem+json, body limits, OpenAPI at /docs) over the services. */
export function startGateway(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningService> {
  return bootHttp({
    config,
    modules: GATEWAY_MODULES,
    title: 'MCP Hub API',
    description:
      'MCP Hub speaks the official MCP Registry API under /v0.1 (and /v0) and adds its own API under /api/v1. Errors are RFC 7807 application/problem+json.',
    ...extra,
  });
}
