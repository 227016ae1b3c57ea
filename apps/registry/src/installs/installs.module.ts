import { Module } from '@nestjs/common';
import { InstallCountRepository } from './install-count.repository';
import { InstallsController } from './installs.controller';
import { InstallsService } from './installs.service';

/** Install counts (POST/GET /api/v1/servers/:name/installs, /api/v1/stats/popular). */
@Module({
  controllers: [InstallsController],
  providers: [InstallCountRepository, InstallsService],
  exports: [InstallsService],
})
export class InstallsModule {}
