import { Module } from '@nestjs/common';
import { AuthGuard, OptionalAuthGuard } from './auth/auth.guard';
import { PublishController } from './publish/publish.controller';
import { PublishService } from './publish/publish.service';
import { ServerVersionRepository } from './servers/server-version.repository';
import { ServersController } from './servers/servers.controller';
import { MyServersController } from './servers/my-servers.controller';
import { InstallCountRepository } from './installs/install-count.repository';
import { InstallsController } from './installs/installs.controller';
import { NamespacesController } from './namespaces/namespaces.controller';
import { AuditService } from './orgs/audit.service';
import { OrgRegistryController, OrgsController } from './orgs/orgs.controller';
import { OrgsService } from './orgs/orgs.service';
import { ServersService } from './servers/servers.service';
import { TokenRepository } from './tokens/token.repository';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';
import { WhoamiController } from './tokens/whoami.controller';
import { BootstrapTokenInitializer } from './bootstrap-token';
import { ReadCacheInterceptor } from './read-cache/read-cache.interceptor';
import { ReadCache } from './read-cache/read-cache.service';
import { MirrorRepository } from './mirror/mirror.repository';
import { MirrorService } from './mirror/mirror.service';
import { MirrorWorker } from './mirror/mirror.worker';
import { GitHubSignIn } from './identity/github-sign-in';
import { IdentityController } from './identity/identity.controller';
import { IdentityService } from './identity/identity.service';
import { NamespaceProofs } from './identity/namespace-proofs';
import { GitHubReadmeSource } from './readme/github-readme.source';
import { ReadmeController } from './readme/readme.controller';
import { ReadmeRepository } from './readme/readme.repository';
import { ReadmeService } from './readme/readme.service';

/**
 * The Registry service: the official MCP Registry API (/v0.1, /v0), API tokens (/api/v1/tokens) and
 * the upstream mirror worker.
 * Needs HubCoreModule (config, database, clock) from whoever hosts it.
 */
@Module({
  controllers: [IdentityController, ServersController, MyServersController, InstallsController, ReadmeController, NamespacesController, OrgsController, OrgRegistryController, PublishController, TokensController, WhoamiController],
  providers: [InstallCountRepository, ReadmeRepository, ReadmeService, GitHubReadmeSource, IdentityService, GitHubSignIn, NamespaceProofs, ServerVersionRepository, ServersService, PublishService, TokenRepository, TokensService, AuthGuard, OptionalAuthGuard, OrgsService, AuditService, BootstrapTokenInitializer, ReadCache, ReadCacheInterceptor, MirrorRepository, MirrorService, MirrorWorker],
  exports: [TokensService, ServersService, PublishService, MirrorService, IdentityService],
})
export class RegistryModule {}
