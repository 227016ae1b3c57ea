import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { TokensService } from './tokens.service';

/** HUB_BOOTSTRAP_TOKEN becomes an admin token at boot, for private instances and tests; unset, it is retired. */
@Injectable()
export class BootstrapTokenInitializer implements OnApplicationBootstrap {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly tokens: TokensService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const logger = new Logger('registry');
    if (!this.config.bootstrapToken) {
      const retired = await this.tokens.retireBootstrapTokens();
      if (retired > 0) logger.log('HUB_BOOTSTRAP_TOKEN is unset: the admin token it made is revoked');
      return;
    }
    await this.tokens.ensureBootstrapToken(this.config.bootstrapToken);
    logger.log('HUB_BOOTSTRAP_TOKEN is active as an admin token');
  }
}
