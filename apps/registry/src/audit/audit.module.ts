import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/**
 * The audit log. Every feature that changes something worth auditing imports this module and calls
 * AuditService.record; the routes that read the log belong to whoever may read it (an org's admins:
 * orgs/, the instance admin: admin/).
 */
@Module({
  providers: [AuditRepository, AuditService],
  exports: [AuditService],
})
export class AuditModule {}
