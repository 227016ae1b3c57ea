import type { HubConfig } from '@mcp-hub/config';
import { startGateway } from '@mcp-hub/gateway';
import type { BootOptions, RunningService } from '@mcp-hub/http';

/**
 * The all-in-one Hub: the gateway with every service module, plus (in later issues) the
 * background workers, in one Node process on embedded defaults.
 */
export function startHub(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningService> {
  return startGateway(config, extra);
}
