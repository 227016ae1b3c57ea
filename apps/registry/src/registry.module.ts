import { Module } from '@nestjs/common';
import { AuthModule } from '@mcp-hub/auth';
import { IdentityModule } from './identity/identity.module';
import { InstallsModule } from './installs/installs.module';
import { MirrorModule } from './mirror/mirror.module';
import { NamespacesModule } from './namespaces/namespaces.module';
import { PublishModule } from './publish/publish.module';
import { ReadCacheModule } from './read-cache/read-cache.module';
import { ReadmeModule } from './readme/readme.module';
import { ServersModule } from './servers/servers.module';
import { TokensModule } from './tokens/tokens.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { OrgRegistryModule } from './org-registry/org-registry.module';
import { AllowListModule } from './orgs/allow-list/allow-list.module';
import { MembersModule } from './orgs/members/members.module';
import { OrgsModule } from './orgs/orgs.module';
import { OrgTokensModule } from './orgs/tokens/org-tokens.module';

/**
 * The Registry service: the official MCP Registry API (/v0.1, /v0), API tokens (/api/v1/tokens) and
 * the upstream mirror worker.
 * Needs HubCoreModule (config, database, clock) from whoever hosts it; authentication comes from AuthModule.
 */
@Module({
  imports: [
    AuthModule,
    IdentityModule,
    ServersModule,
    InstallsModule,
    ReadmeModule,
    NamespacesModule,
    ReadCacheModule,
    PublishModule,
    TokensModule,
    MirrorModule,
    AuditModule,
    OrgsModule,
    MembersModule,
    OrgTokensModule,
    AllowListModule,
    OrgRegistryModule,
    AdminModule,
  ],
  exports: [TokensModule, ServersModule, PublishModule, MirrorModule, IdentityModule],
})
export class RegistryModule {}
