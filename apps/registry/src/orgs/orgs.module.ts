import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OrgsController } from './orgs.controller';
import { OrgsRepository } from './orgs.repository';
import { OrgsService } from './orgs.service';

/**
 * Organizations (POST/GET /api/v1/orgs, GET/PATCH /api/v1/orgs/:org, the org's audit log). Exports
 * OrgsService, whose `access` every org feature (members/, tokens/, allow-list/, namespaces,
 * org-registry/) checks first.
 */
@Module({
  imports: [AuditModule],
  controllers: [OrgsController],
  providers: [OrgsRepository, OrgsService],
  exports: [OrgsService],
})
export class OrgsModule {}
