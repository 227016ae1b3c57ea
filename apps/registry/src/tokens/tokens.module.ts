import { Module } from '@nestjs/common';
import { BootstrapTokenInitializer } from './bootstrap-token';
import { TokenRepository } from './token.repository';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';
import { WhoamiController } from './whoami.controller';

/** API tokens (/api/v1/tokens), whoami, and the HUB_BOOTSTRAP_TOKEN admin token. */
@Module({
  controllers: [TokensController, WhoamiController],
  providers: [TokenRepository, TokensService, BootstrapTokenInitializer],
  exports: [TokensService, TokenRepository],
})
export class TokensModule {}
