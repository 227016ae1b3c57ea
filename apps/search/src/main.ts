import type { HubConfig } from '@mcp-hub/config';
import { type BootOptions, type RunningService, bootHttp } from '@mcp-hub/http';
import { SearchModule } from './search.module';

/**
 * The Search service on its own (split deployments). It indexes writes made by other processes
 * through the Postgres change feed, and catches up at boot with anything it missed.
 */
export function startSearch(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningService> {
  return bootHttp({
    config,
    modules: [SearchModule],
    title: 'MCP Hub Search',
    description: 'Hybrid full-text and semantic search over the registry (/api/v1/search).',
    ...extra,
  });
}
