import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TokensModule } from '../tokens/tokens.module';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { UsersRepository } from './users.repository';

/**
 * Instance administration: POST /api/v1/users, POST /api/v1/users/:login/tokens, GET /api/v1/audit.
 * Exports UsersRepository (users by login) for the org members feature.
 */
@Module({
  imports: [AuditModule, TokensModule],
  controllers: [AdminController],
  providers: [UsersRepository, AdminService],
  exports: [UsersRepository],
})
export class AdminModule {}
