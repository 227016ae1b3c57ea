import type { HubConfig } from '@mcp-hub/config';
import { type BootOptions, type RunningService, bootHttp } from '@mcp-hub/http';
import { RuntimeModule } from './runtime.module';

/** The Runtime service on its own (split deployments): its API, and its worker where HUB_RUNTIME=on. */
export function startRuntime(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningService> {
  return bootHttp({
    config,
    modules: [RuntimeModule],
    title: 'MCP Hub Runtime',
    description: 'What MCP servers really expose (sandboxed inspection), tool fingerprints and the health of remotes.',
    ...extra,
  });
}
