import { Module } from '@nestjs/common';
import { OrgsModule } from '../orgs/orgs.module';
import { ReadCacheModule } from '../read-cache/read-cache.module';
import { ServersModule } from '../servers/servers.module';
import { OrgRegistryController } from './org-registry.controller';
import { OrgRegistryService } from './org-registry.service';

/** An org's sub-registry (/o/:org/v0.1/…): the official API's reads as the org sees them. */
@Module({
  imports: [OrgsModule, ServersModule, ReadCacheModule],
  controllers: [OrgRegistryController],
  providers: [OrgRegistryService],
})
export class OrgRegistryModule {}
