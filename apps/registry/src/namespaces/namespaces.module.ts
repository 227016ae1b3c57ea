import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AuditModule } from '../audit/audit.module';
import { OrgsModule } from '../orgs/orgs.module';
import { NamespaceProofs } from './namespace-proofs';
import { NamespacesController } from './namespaces.controller';
import { NamespacesRepository } from './namespaces.repository';
import { NamespacesService } from './namespaces.service';
import { OrgNamespacesController } from './org-namespaces.controller';
import { OrgNamespacesService } from './org-namespaces.service';

/**
 * Namespaces: the verification badge (GET /api/v1/namespaces/:namespace), DNS/HTTP proofs of
 * ownership (the verifier, its replay store), the record of who proved what, and how an org comes to
 * own a namespace (POST /api/v1/orgs/:org/namespaces). Sign-in (identity/) uses NamespacesService to
 * verify and record proofs.
 */
@Module({
  imports: [AuditModule, OrgsModule, AdminModule],
  controllers: [NamespacesController, OrgNamespacesController],
  providers: [NamespacesRepository, NamespacesService, NamespaceProofs, OrgNamespacesService],
  exports: [NamespacesService],
})
export class NamespacesModule {}
