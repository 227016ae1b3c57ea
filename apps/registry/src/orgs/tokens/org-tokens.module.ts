import { Module } from '@nestjs/common';
import { TokensModule } from '../../tokens/tokens.module';
import { OrgsModule } from '../orgs.module';
import { OrgTokensController } from './org-tokens.controller';
import { OrgTokensService } from './org-tokens.service';

/** An org's tokens (/api/v1/orgs/:org/tokens…): org access from OrgsModule, the tokens themselves from TokensModule. */
@Module({
  imports: [OrgsModule, TokensModule],
  controllers: [OrgTokensController],
  providers: [OrgTokensService],
})
export class OrgTokensModule {}
