import type { HubConfig } from '@mcp-hub/config';
import { startGateway } from '@mcp-hub/gateway';
import { Logger } from '@nestjs/common';
import type { BootOptions, RunningService } from '@mcp-hub/http';
import { type RunningWeb, startWeb } from './web';

export interface RunningHub extends RunningService {
  /** The web site's URL when it runs (HUB_WEB=on, the default). */
  webUrl?: string;
}

/**
 * The all-in-one Hub: the gateway with every service module in one Node process on embedded
 * defaults, plus the web site as a child process of it.
 */
export async function startHub(config: HubConfig, extra: Partial<BootOptions> = {}): Promise<RunningHub> {
  const api = await startGateway(config, extra);
  if (!config.web) return api;
  let web: RunningWeb;
  try {
    const logger = new Logger('web');
    web = await startWeb(config.web, api.url, config.host, (m) => logger.log(m));
  } catch (e) {
    await api.close();
    throw e;
  }
  return {
    ...api,
    webUrl: web.url,
    close: async () => {
      await web.close();
      await api.close();
    },
  };
}
