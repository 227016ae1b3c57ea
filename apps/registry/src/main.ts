import type { HubConfig } from '@mcp-hub/config';
import { type BootOptions, type RunningService, bootHttp } from '@mcp-hub/http';
import { RegistryModule } from './registry.module';

/** The Registry service on its own (split deployments); the gateway and the hub mount the same module. */
export function startRegistry(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningService> {
  return bootHttp({
    config,
    modules: [RegistryModule],
    title: 'MCP Hub Registry',
    description: 'The official MCP Registry API (/v0.1) and API tokens.',
    ...extra,
  });
}
