import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { TokensService } from './tokens/tokens.service';

/** HUB_BOOTSTRAP_TOKEN becomes an admin token at boot, for private instances and tests. */
@Injectable()
export class BootstrapTokenInitializer implements OnApplicationBootstrap {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly tokens: TokensService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.bootstrapToken) return;
    await this.tokens.ensureBootstrapToken(this.config.bootstrapToken);
    new Logger('registry').log('HUB_BOOTSTRAP_TOKEN is active as an admin token');
  }
}
