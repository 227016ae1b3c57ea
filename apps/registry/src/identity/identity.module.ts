import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NamespacesModule } from '../namespaces/namespaces.module';
import { GitHubModule } from '../github/github.module';
import { IdentityController } from './identity.controller';
import { IdentityRepository } from './identity.repository';
import { IdentityService } from './identity.service';

/** Sign-in (GitHub web and device flow, github-at, DNS/HTTP proofs) and the registry JWTs it hands out. */
@Module({
  imports: [AuditModule, GitHubModule, NamespacesModule],
  controllers: [IdentityController],
  providers: [IdentityRepository, IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
