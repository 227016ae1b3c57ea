import { Module } from '@nestjs/common';
import { AdminModule } from '../../admin/admin.module';
import { AuditModule } from '../../audit/audit.module';
import { OrgsModule } from '../orgs.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembersRepository } from './members.repository';
import { MembersService } from './members.service';

/** An org's members and its invitations (/api/v1/orgs/:org/members…, /api/v1/me/invitations, /api/v1/invitations/:id…). */
@Module({
  imports: [OrgsModule, AuditModule, AdminModule],
  controllers: [MembersController, InvitationsController],
  providers: [MembersRepository, MembersService, InvitationsRepository, InvitationsService],
})
export class MembersModule {}
