import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { OrgsModule } from '../orgs.module';
import { AllowListController } from './allow-list.controller';
import { AllowListRepository } from './allow-list.repository';
import { AllowListService } from './allow-list.service';

/** An org's allow-list (/api/v1/orgs/:org/allowed-servers…); the org sub-registry (org-registry/) applies it. */
@Module({
  imports: [OrgsModule, AuditModule],
  controllers: [AllowListController],
  providers: [AllowListRepository, AllowListService],
})
export class AllowListModule {}
